import { Body, Controller, Get, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCookieAuth,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Principal } from '@lotse/identity';
import {
  NotificationSettingsView,
  UpdateNotificationSettingsDto,
} from './notification-settings.dto';
import { NotificationSettingsService } from './notification-settings.service';

/** Benachrichtigungen: when the signed-in staff member hears of tasks by mail. */
@ApiTags('notifications')
@ApiBearerAuth()
@ApiCookieAuth('lotse_session')
@Controller('me/notification-settings')
export class NotificationSettingsController {
  constructor(private readonly settings: NotificationSettingsService) {}

  @Get()
  @ApiOkResponse({ type: NotificationSettingsView })
  get(@CurrentUser() user: Principal): Promise<NotificationSettingsView> {
    return this.settings.get(user.id);
  }

  @Put()
  @ApiOkResponse({ type: NotificationSettingsView })
  @ApiBadRequestResponse({ description: 'Unbekannter Wert; die Meldung nennt das Feld' })
  put(
    @Body() dto: UpdateNotificationSettingsDto,
    @CurrentUser() user: Principal,
  ): Promise<NotificationSettingsView> {
    return this.settings.set(user.id, dto.taskNotifications);
  }
}
