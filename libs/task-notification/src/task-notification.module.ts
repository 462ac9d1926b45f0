import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationModule } from '@lotse/notification';
import { NotificationSettingsController } from './notification-settings.controller';
import { NotificationSettingsService } from './notification-settings.service';
import { TASK_NOTIFICATION_ENTITIES } from './task-notification.entities';
import { TaskNotificationScanner } from './task-notification.scanner';
import { TaskNotificationWorkers } from './task-notification.workers';
import { TaskNotifier } from './task-notifier.service';

/** The API side: each staff member's setting (`/me/notification-settings`). */
@Module({
  imports: [TypeOrmModule.forFeature(TASK_NOTIFICATION_ENTITIES)],
  controllers: [NotificationSettingsController],
  providers: [NotificationSettingsService],
  exports: [NotificationSettingsService],
})
export class TaskNotificationModule {}

/** The worker side: announcing new and assigned tasks, the hourly reminders and digests. */
@Module({
  imports: [TypeOrmModule.forFeature(TASK_NOTIFICATION_ENTITIES), NotificationModule],
  providers: [TaskNotifier, TaskNotificationScanner, TaskNotificationWorkers],
  exports: [TaskNotifier, TaskNotificationScanner],
})
export class TaskNotificationWorkersModule {}
