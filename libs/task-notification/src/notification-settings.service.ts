import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotificationSettingsView } from './notification-settings.dto';
import {
  DEFAULT_TASK_NOTIFICATION_DELIVERY,
  TaskNotificationDelivery,
} from './task-notification.entities';

/** Each staff member's own notification setting. */
@Injectable()
export class NotificationSettingsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async get(userId: string): Promise<NotificationSettingsView> {
    const [row] = await this.dataSource.query(
      `select s.task_notifications, coalesce(u.email, '') <> '' as has_email
         from staff_user u left join staff_notification_setting s on s.staff_user_id = u.id
        where u.id = $1`,
      [userId],
    );
    return {
      taskNotifications: row?.task_notifications ?? DEFAULT_TASK_NOTIFICATION_DELIVERY,
      hasEmail: !!row?.has_email,
    };
  }

  async set(userId: string, value: TaskNotificationDelivery): Promise<NotificationSettingsView> {
    await this.dataSource.query(
      `insert into staff_notification_setting (staff_user_id, task_notifications) values ($1, $2)
       on conflict (staff_user_id) do update
         set task_notifications = excluded.task_notifications, updated_at = now()`,
      [userId, value],
    );
    return this.get(userId);
  }
}
