import { InjectQueue } from '@nestjs/bullmq';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { EntityManager, Repository } from 'typeorm';
import { mailConfig, MailConfig } from '@lotse/common';
import { MailParams, MailTemplateName } from './mail-templates';
import { Notification, NotificationStatus, RecipientKind } from './notification.entity';
import { MAIL_QUEUE } from './queues';

export interface MailRequest<N extends MailTemplateName = MailTemplateName> {
  dedupKey: string;
  template: N;
  params: MailParams<N>;
  to: string;
  recipientKind: RecipientKind;
  recipientInstitutionId?: string | null;
  referralId?: string | null;
  conferenceId?: string | null;
}

/** Rows still `queued` this long after they were written are handed to the queue again. */
const SWEEP_AFTER_MS = 30_000;

@Injectable()
export class NotificationService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private sweeper?: NodeJS.Timeout;

  constructor(
    @InjectQueue(MAIL_QUEUE) private readonly queue: Queue,
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    @Inject(mailConfig.KEY) private readonly config: MailConfig,
  ) {}

  /**
   * Writes one row per mail inside the caller's transaction; a mail whose dedup key exists is
   * not written again. Returns the ids of all requested mails (new or existing).
   */
  async record(manager: EntityManager, mails: MailRequest[]): Promise<string[]> {
    if (mails.length === 0) return [];
    await manager
      .createQueryBuilder()
      .insert()
      .into(Notification)
      .values(
        mails.map((m) => ({
          dedupKey: m.dedupKey,
          template: m.template,
          params: m.params as never,
          recipientEmail: m.to,
          recipientKind: m.recipientKind,
          recipientInstitutionId: m.recipientInstitutionId ?? null,
          referralId: m.referralId ?? null,
          conferenceId: m.conferenceId ?? null,
        })),
      )
      .orIgnore()
      .execute();
    const rows: Array<{ id: string }> = await manager.query(
      `select id from notification where dedup_key = any($1::text[])`,
      [mails.map((m) => m.dedupKey)],
    );
    return rows.map((r) => r.id);
  }

  /** Hands rows to BullMQ. Idempotent: the job id is the row id. Call after the commit. */
  async dispatch(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.queue.addBulk(
      ids.map((id) => ({
        name: 'send-mail',
        data: { notificationId: id },
        opts: {
          jobId: id,
          attempts: this.config.attempts,
          backoff: { type: 'exponential', delay: 2000 },
          removeOnComplete: { age: 7 * 24 * 3600 },
          removeOnFail: { age: 30 * 24 * 3600 },
        },
      })),
    );
  }

  /** Records and dispatches in one go, in a transaction of its own. */
  async send(manager: EntityManager, mails: MailRequest[]): Promise<string[]> {
    const ids = await manager.transaction((m) => this.record(m, mails));
    await this.dispatch(ids);
    return ids;
  }

  /** Finds rows a crash left between commit and dispatch. */
  async sweep(): Promise<number> {
    const rows: Array<{ id: string }> = await this.notifications.query(
      `select id from notification where status = $1
         and created_at < now() - ($2 || ' milliseconds')::interval
       order by created_at limit 500`,
      [NotificationStatus.QUEUED, String(SWEEP_AFTER_MS)],
    );
    await this.dispatch(rows.map((r) => r.id));
    return rows.length;
  }

  onApplicationBootstrap() {
    this.queue.on('error', (e) => this.logger.warn({ msg: 'mail queue error', error: e.message }));
    this.sweeper = setInterval(() => {
      this.sweep().catch((e) =>
        this.logger.warn({ msg: 'mail sweep failed', error: (e as Error).message }),
      );
    }, SWEEP_AFTER_MS);
    this.sweeper.unref();
  }

  onApplicationShutdown() {
    if (this.sweeper) clearInterval(this.sweeper);
  }
}
