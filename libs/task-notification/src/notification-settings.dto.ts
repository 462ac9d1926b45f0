import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import {
  TASK_NOTIFICATION_DELIVERIES,
  TaskNotificationDelivery,
} from './task-notification.entities';

export class NotificationSettingsView {
  @ApiProperty({
    enum: TASK_NOTIFICATION_DELIVERIES,
    enumName: 'TaskNotificationDelivery',
    description:
      'E-Mails zu Aufgaben: `immediate` sofort, `daily` einmal täglich gesammelt (ab 07:00 Uhr), `off` keine',
  })
  taskNotifications!: TaskNotificationDelivery;

  @ApiProperty({ description: 'Ob das Konto eine E-Mail-Adresse hat (ohne sie gehen keine Mails)' })
  hasEmail!: boolean;
}

export class UpdateNotificationSettingsDto {
  @ApiProperty({ enum: TASK_NOTIFICATION_DELIVERIES, enumName: 'TaskNotificationDelivery' })
  @IsIn(TASK_NOTIFICATION_DELIVERIES, {
    message: '$property: erlaubt sind sofort (immediate), täglich (daily) oder aus (off)',
  })
  taskNotifications!: TaskNotificationDelivery;
}
