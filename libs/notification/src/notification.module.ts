import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module, Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@lotse/audit';
import { redisConfig, RedisConfig, redisOptionsFromUrl } from '@lotse/common';
import { MAIL_CONSENT_GUARD, MailConsentGuard } from './mail-consent-guard';
import { MailMetrics } from './mail.metrics';
import { MailProcessor } from './mail.processor';
import { Notification, NotificationAttachment } from './notification.entity';
import { NotificationQueryService } from './notification-query.service';
import { NotificationService } from './notification.service';
import { MAIL_QUEUE } from './queues';

/** BullMQ on the configured Redis, shared by every queue of the app. */
export const QueueRootModule = BullModule.forRootAsync({
  inject: [redisConfig.KEY],
  useFactory: (config: RedisConfig) => ({
    connection: redisOptionsFromUrl(config.url),
    prefix: config.prefix,
  }),
});

const MailQueueModule = BullModule.registerQueue({ name: MAIL_QUEUE });

/** Producing side: write and queue mails. */
@Module({
  imports: [
    QueueRootModule,
    MailQueueModule,
    TypeOrmModule.forFeature([Notification, NotificationAttachment]),
  ],
  providers: [NotificationService, NotificationQueryService],
  // the queue too, for its depth (MailMetrics)
  exports: [NotificationService, NotificationQueryService, MailQueueModule],
})
export class NotificationModule {}

/**
 * Consuming side, for the worker app: deliver mails over SMTP. The app names the guard that
 * re-checks consent at send time (there is no default: a worker cannot forget it).
 */
@Module({})
export class MailDeliveryModule {
  static register(options: { consentGuard: Type<MailConsentGuard> }): DynamicModule {
    return {
      module: MailDeliveryModule,
      imports: [
        NotificationModule,
        AuditModule,
        TypeOrmModule.forFeature([Notification, NotificationAttachment]),
      ],
      providers: [
        MailProcessor,
        MailMetrics,
        { provide: MAIL_CONSENT_GUARD, useClass: options.consentGuard },
      ],
    };
  }
}
