import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Job } from 'bullmq';
import { createTransport, Transporter } from 'nodemailer';
import { Repository } from 'typeorm';
import { mailConfig, MailConfig } from '@lotse/common';
import { renderMail } from './mail-templates';
import { Notification, NotificationStatus } from './notification.entity';
import { MAIL_JOB_NAMES, MAIL_QUEUE, QueueJobs } from './queues';

/**
 * Delivers queued mails over SMTP. Idempotent: a row already `sent` is skipped, so a job that
 * BullMQ hands out twice (stalled worker, re-dispatch after a crash) sends nothing twice.
 */
/**
 * A short lock (renewed while a mail is being sent) and a frequent stalled check: a mail job
 * of a worker that died is picked up by another worker within seconds.
 */
@Processor(MAIL_QUEUE, { concurrency: 8, lockDuration: 10_000, stalledInterval: 5_000 })
export class MailProcessor extends WorkerHost implements OnApplicationShutdown {
  private readonly logger = new Logger('MailProcessor');
  private readonly transport: Transporter;

  constructor(
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    @Inject(mailConfig.KEY) private readonly config: MailConfig,
  ) {
    super();
    this.transport = createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure,
      pool: true,
      maxConnections: 4,
      ...(config.user ? { auth: { user: config.user, pass: config.password } } : {}),
      tls: { rejectUnauthorized: config.secure },
    });
  }

  async process(job: Job<QueueJobs[typeof MAIL_QUEUE]['send-mail']>): Promise<void> {
    if (!MAIL_JOB_NAMES.includes(job.name as never))
      throw new Error(`no handler for mail job "${job.name}"`);
    const n = await this.notifications.findOneBy({ id: job.data.notificationId });
    if (!n || n.status === NotificationStatus.SENT) return;
    const mail = renderMail(n.template, n.params);
    try {
      await this.transport.sendMail({
        from: this.config.from,
        to: n.recipientEmail,
        subject: mail.subject,
        text: mail.text,
        messageId: `<${n.id}@lotse>`,
        headers: { 'X-Lotse-Notification': n.id },
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
    this.logger.log({ msg: 'mail sent', notificationId: n.id, template: n.template });
  }

  onApplicationShutdown() {
    this.transport.close();
  }
}
