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
import {
  Notification,
  NotificationAttachment,
  NotificationStatus,
  RecipientKind,
} from './notification.entity';
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
  /** Files sent with the mail; only what the recipient may receive. */
  attachments?: Array<{ fileName: string; mediaType: string; content: Buffer }>;
}

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
    const rows: Array<{ id: string; dedup_key: string }> = await manager.query(
      `select id, dedup_key from notification where dedup_key = any($1::text[])`,
      [mails.map((m) => m.dedupKey)],
    );
    const idOf = new Map(rows.map((r) => [r.dedup_key, r.id]));
    const attachments = mails.flatMap((m) =>
      (m.attachments ?? []).map((a) => ({ ...a, notificationId: idOf.get(m.dedupKey)! })),
    );
    if (attachments.length) {
      await manager
        .createQueryBuilder()
        .insert()
        .into(NotificationAttachment)
        .values(attachments)
        .orIgnore()
        .execute();
    }
    return mails.map((m) => idOf.get(m.dedupKey)!);
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

  /**
   * Finds rows still `queued` after a while: a crash between commit and dispatch left them
   * without a job, or their job ended without the row being updated (the database was away when
   * the worker wanted to record the outcome). Missing jobs are added; a job that already failed
   * or completed is handed out again, with fresh attempts. The worker skips rows already `sent`,
   * so this never sends a mail twice.
   */
  async sweep(): Promise<number> {
    const rows: Array<{ id: string }> = await this.notifications.query(
      `select id from notification where status = $1
         and created_at < now() - ($2 || ' milliseconds')::interval
       order by created_at limit 500`,
      [NotificationStatus.QUEUED, String(this.config.sweepIntervalMs)],
    );
    const ids = rows.map((r) => r.id);
    await this.dispatch(ids);
    for (const id of ids) {
      const job = await this.queue.getJob(id);
      const state = job ? await job.getState() : undefined;
      if (job && (state === 'failed' || state === 'completed')) {
        // another process may sweep the same job at the same moment: then its retry wins
        await job.retry(state, { resetAttemptsMade: true }).catch(() => undefined);
        this.logger.warn({ msg: 'mail handed out again', notificationId: id, after: state });
      }
    }
    return ids.length;
  }

  onApplicationBootstrap() {
    this.queue.on('error', (e) => this.logger.warn({ msg: 'mail queue error', error: e.message }));
    this.sweeper = setInterval(() => {
      this.sweep().catch((e) =>
        this.logger.warn({ msg: 'mail sweep failed', error: (e as Error).message }),
      );
    }, this.config.sweepIntervalMs);
    this.sweeper.unref();
  }

  onApplicationShutdown() {
    if (this.sweeper) clearInterval(this.sweeper);
  }
}
