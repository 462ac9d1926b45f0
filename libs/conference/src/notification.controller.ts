import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, Max, Min } from 'class-validator';
import { CurrentUser, hasRole, Principal, Role, Roles } from '@lotse/identity';
import { NotificationQueryService, NotificationRow, NotificationStatus } from '@lotse/notification';

export class NotificationQuery {
  @ApiPropertyOptional({ enum: NotificationStatus })
  @IsOptional()
  @IsEnum(NotificationStatus, { message: '$property erlaubt: queued, sent, failed, withheld' })
  status?: NotificationStatus;

  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property muss eine ganze Zahl sein' })
  @Min(1, { message: '$property muss mindestens 1 sein' })
  @Max(500, { message: '$property darf höchstens 500 sein' })
  limit?: number;
}

/** One mail of the JBA (no address, no contents). */
export class NotificationRowView implements NotificationRow {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() template!: string;
  @ApiProperty() templateLabel!: string;
  @ApiProperty({ enum: NotificationStatus }) status!: NotificationStatus;
  @ApiProperty() recipientKind!: string;
  @ApiProperty({ type: String, nullable: true }) recipientInstitution!: string | null;
  @ApiProperty({ type: String, nullable: true }) referralId!: string | null;
  @ApiProperty({ type: String, nullable: true }) conferenceId!: string | null;
  @ApiProperty() attempts!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Roher SMTP-Fehler nur für Admins, sonst "Zustellung fehlgeschlagen"',
  })
  lastError!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) sentAt!: string | null;
}

/** Mail delivery of the JBA, so that failures are visible (coordinators and admins; raw SMTP errors for admins only). */
@ApiTags('notifications')
@ApiBearerAuth()
@ApiCookieAuth('lotse_session')
@Controller('notifications')
export class NotificationController {
  constructor(private readonly notifications: NotificationQueryService) {}

  @Get()
  @Roles(Role.COORDINATOR, Role.ADMIN)
  @ApiOkResponse({ type: [NotificationRowView], description: 'Neueste zuerst' })
  list(@CurrentUser() user: Principal, @Query() q: NotificationQuery): Promise<NotificationRow[]> {
    return this.notifications.forJba(
      user.jbaId,
      q.status,
      q.limit ?? 100,
      hasRole(user, Role.ADMIN),
    );
  }
}
