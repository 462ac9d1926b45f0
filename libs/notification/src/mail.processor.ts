import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import {
  BeforeApplicationShutdown,
  Inject,
  Logger,
  OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Job } from 'bullmq';
import { connect, Socket } from 'node:net';
import { createTransport, Transporter } from 'nodemailer';
import { Repository } from 'typeorm';
import { AuditAction, AuditService } from '@lotse/audit';
import { mailConfig, MailConfig } from '@lotse/common';
import { LotseMetrics } from '@lotse/metrics';
import { MAIL_CONSENT_GUARD, MailConsentGuard } from './mail-consent-guard';
import { renderMail } from './mail-templates';
import { Notification, NotificationAttachment, NotificationStatus } from './notification.entity';
import { MAIL_JOB_NAMES, MAIL_QUEUE, QueueJobs } from './queues';

const CONNECT_TIMEOUT_MS = 30_000;

/**
 * Opens the SMTP connections of the pool with TCP_NODELAY. nodemailer leaves Nagle's algorithm
 * on, so the small write that ends each message waits for the server's delayed ACK: about 40 ms
 * per mail and connection (22 mails/s on one connection instead of ~300, see bench/README.md).
 * nodemailer takes over the connected socket as is (and upgrades it for SMTP_SECURE).
 */
function connectWithoutNagle(
  options: { host?: string; port?: number; secure?: boolean },
  callback: (err: Error | null, socketOptions?: { connection: Socket }) => void,
): void {
  // nodemailer's own defaults for a missing host or port
  const host = options.host || 'localhost';
  const port = Number(options.port) || (options.secure ? 465 : 587);
  let done = false;
  const finish = (err: Error | null, socket?: Socket) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    callback(err, socket ? { connection: socket } : undefined);
  };
  const socket = connect({ host, port, noDelay: true }, () => {
    socket.off('error', onError);
    finish(null, socket);
  });
  const onError = (e: Error) => finish(e);
  socket.once('error', onError);
  const timer = setTimeout(() => {
    socket.destroy();
    finish(new Error(`no SMTP connection to ${host}:${port} within 30 s`));
  }, CONNECT_TIMEOUT_MS);
}

/**
 * Delivers queued mails over SMTP. Idempotent: a row already `sent` is skipped, so a job that
 * BullMQ hands out twice (stalled worker, re-dispatch after a crash) sends nothing twice.
 */
/**
 * A short lock (renewed while a mail is being sent) and a frequent stalled check: a mail job
 * of a worker that died is picked up by another worker within seconds.
 */
@Processor(MAIL_QUEUE, { concurrency: 8, lockDuration: 10_000, stalledInterval: 5_000 })
export class MailProcessor
  extends WorkerHost
  implements BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger('MailProcessor');
  private readonly transport: Transporter;

  constructor(
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    @InjectRepository(NotificationAttachment)
    private readonly attachments: Repository<NotificationAttachment>,
    @Inject(mailConfig.KEY) private readonly config: MailConfig,
    @Inject(MAIL_CONSENT_GUARD) private readonly consentGuard: MailConsentGuard,
    private readonly audit: AuditService,
    @Optional() private readonly metrics: LotseMetrics = LotseMetrics.detached(),
  ) {
    super();
    this.transport = createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure,
      pool: true,
      maxConnections: 4,
      getSocket: connectWithoutNagle,
      ...(config.user ? { auth: { user: config.user, pass: config.password } } : {}),
      tls: { rejectUnauthorized: config.secure },
    });
  }

  async process(job: Job<QueueJobs[typeof MAIL_QUEUE]['send-mail']>): Promise<void> {
    if (!MAIL_JOB_NAMES.includes(job.name as never))
      throw new Error(`no handler for mail job "${job.name}"`);
    const n = await this.notifications.findOneBy({ id: job.data.notificationId });
    if (!n || n.status === NotificationStatus.SENT || n.status === NotificationStatus.WITHHELD)
      return;
    if (await this.withheld(n)) return;
    const mail = renderMail(n.template, n.params);
    const attachments = await this.attachments.find({ where: { notificationId: n.id } });
    try {
      await this.transport.sendMail({
        from: this.config.from,
        to: n.recipientEmail,
        subject: mail.subject,
        text: mail.text,
        messageId: `<${n.id}@lotse>`,
        headers: { 'X-Lotse-Notification': n.id },
        attachments: attachments.map((a) => ({
          filename: a.fileName,
          contentType: a.mediaType,
          content: a.content,
        })),
      });
    } catch (e) {
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await this.notifications.update(
        { id: n.id, status: NotificationStatus.QUEUED },
        {
          attempts: () => 'attempts + 1',
          lastError: (e as Error).message.slice(0, 500),
          ...(final ? { status: NotificationStatus.FAILED } : {}),
        },
      );
      (final ? this.metrics.mailsFailed : this.metrics.mailRetries).inc({ template: n.template });
      this.logger.warn({
        msg: 'mail not delivered',
        notificationId: n.id,
        final,
        error: (e as Error).message,
      });
      throw e;
    }
    await this.notifications.update(
      { id: n.id },
      {
        status: NotificationStatus.SENT,
        sentAt: new Date(),
        attempts: () => 'attempts + 1',
        lastError: null,
      },
    );
    this.metrics.mailsSent.inc({ template: n.template });
    this.logger.log({ msg: 'mail sent', notificationId: n.id, template: n.template });
  }

  /**
   * Consent is checked again at send time: a mail queued before a revocation is not sent. The
   * row becomes `withheld` and the audit says which case's consent stopped it (one transaction).
   */
  private async withheld(n: Notification): Promise<boolean> {
    const verdict = await this.consentGuard.check(n);
    if (verdict.allowed) return false;
    await this.notifications.manager.transaction(async (m) => {
      const res = await m.update(
        Notification,
        { id: n.id, status: NotificationStatus.QUEUED },
        { status: NotificationStatus.WITHHELD, lastError: null },
      );
      if (!res.affected) return;
      this.metrics.mailsWithheld.inc({ template: n.template });
      await this.audit.record(
        verdict.cases.map((c) => ({
          action: AuditAction.MAIL_WITHHELD,
          recipientInstitutionId: n.recipientInstitutionId,
          referralId: c.referralId,
          consentId: c.consentId,
          detail: {
            notificationId: n.id,
            template: n.template,
            recipientKind: n.recipientKind,
            conferenceId: n.conferenceId,
            reason: c.reason,
          },
        })),
        m,
      );
    });
    this.logger.log({ msg: 'mail withheld: consent no longer valid', notificationId: n.id });
    return true;
  }

  /** Redis hiccups (lost lock, reconnect) are reported, never thrown: an unhandled 'error' would end the process. */
  @OnWorkerEvent('error')
  onWorkerError(error: Error) {
    this.logger.warn({ msg: 'mail queue worker error', error: error.message });
  }

  /**
   * Takes no new mail jobs and lets the ones being sent finish, while the database is still
   * open (BullMQ's own close comes later, in onApplicationShutdown). Jobs not started stay in
   * the queue for the next worker.
   */
  async beforeApplicationShutdown() {
    await this.worker.close().catch(() => undefined);
  }

  onApplicationShutdown() {
    this.transport.close();
  }
}
