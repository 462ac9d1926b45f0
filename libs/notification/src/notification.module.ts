import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { redisConfig, RedisConfig, redisOptionsFromUrl } from '@lotse/common';
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

/** Producing side: write and queue mails. */
@Module({
  imports: [
    QueueRootModule,
    BullModule.registerQueue({ name: MAIL_QUEUE }),
    TypeOrmModule.forFeature([Notification, NotificationAttachment]),
  ],
  providers: [NotificationService, NotificationQueryService],
  exports: [NotificationService, NotificationQueryService],
})
export class NotificationModule {}

/** Consuming side, for the worker app: deliver mails over SMTP. */
@Module({
  imports: [NotificationModule, TypeOrmModule.forFeature([Notification, NotificationAttachment])],
  providers: [MailProcessor],
})
export class MailDeliveryModule {}
