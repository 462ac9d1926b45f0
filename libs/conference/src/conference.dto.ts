import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsISO8601, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { IsText } from '@lotse/common';
import { ConferenceKind } from './conference.entity';

const ISO_DATE_TIME = { strict: true, strictSeparator: true } as const;

export class ConferenceTimesDto {
  @ApiPropertyOptional({
    example: '2027-03-10T09:30:00+01:00',
    description: 'Beginn (ISO-8601 mit Zeitzone)',
  })
  @IsOptional()
  @IsISO8601(ISO_DATE_TIME, { message: '$property muss ein Zeitpunkt (ISO-8601) sein' })
  startsAt?: string;

  @ApiPropertyOptional({ default: 120, minimum: 15, maximum: 600 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property muss eine ganze Zahl sein' })
  @Min(15, { message: '$property: mindestens 15 Minuten' })
  @Max(600, { message: '$property: höchstens 600 Minuten' })
  durationMinutes?: number;

  @ApiPropertyOptional({ example: 'Berufskolleg Eschweiler, Raum 104' })
  @IsOptional()
  @IsText(200, { singleLine: true })
  place?: string;

  @ApiPropertyOptional({ example: 6, minimum: 1, maximum: 40 })
  @IsOptional()
  @IsInt({ message: '$property muss eine ganze Zahl sein' })
  @Min(1, { message: '$property: mindestens 1 Fall' })
  @Max(40, { message: '$property: höchstens 40 Fälle' })
  capacity?: number;

  @ApiPropertyOptional({ example: '2027-02-24T12:00:00+01:00', description: 'Meldeschluss' })
  @IsOptional()
  @IsISO8601(ISO_DATE_TIME, { message: '$property muss ein Zeitpunkt (ISO-8601) sein' })
  referralDeadline?: string;
}

export class PlanConferenceDto extends ConferenceTimesDto {
  @ApiProperty({ enum: ConferenceKind })
  @IsEnum(ConferenceKind, { message: '$property muss regular oder extraordinary sein' })
  kind!: ConferenceKind;

  @ApiProperty({ example: '2027-03-10T09:30:00+01:00' })
  @IsISO8601(ISO_DATE_TIME, { message: '$property muss ein Zeitpunkt (ISO-8601) sein' })
  declare startsAt: string;

  @ApiProperty({ example: 'Berufskolleg Eschweiler, Raum 104' })
  @IsText(200, { singleLine: true })
  declare place: string;

  @ApiProperty({ example: 6 })
  @IsInt({ message: '$property muss eine ganze Zahl sein' })
  @Min(1, { message: '$property: mindestens 1 Fall' })
  @Max(40, { message: '$property: höchstens 40 Fälle' })
  declare capacity: number;

  @ApiProperty({ example: '2027-02-24T12:00:00+01:00' })
  @IsISO8601(ISO_DATE_TIME, { message: '$property muss ein Zeitpunkt (ISO-8601) sein' })
  declare referralDeadline: string;
}

/** *Termin prüfen*: warnings on a date before it is planned or changed (nothing is saved). */
export class ConferenceDateCheckDto extends PickType(ConferenceTimesDto, [
  'durationMinutes',
  'place',
] as const) {
  @ApiProperty({ example: '2027-03-10T09:30:00+01:00', description: 'Beginn' })
  @IsISO8601(ISO_DATE_TIME, { message: '$property muss ein Zeitpunkt (ISO-8601) sein' })
  startsAt!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Der Termin, der geändert wird' })
  @IsOptional()
  @IsUUID('all', { message: '$property muss eine gültige ID sein' })
  conferenceId?: string;
}

export class ConferenceWarningView {
  @ApiProperty({ enum: ['same-time-and-place', 'weekend', 'holiday'] }) code!: string;
  @ApiProperty({ description: 'Feld, um das es geht (startsAt oder place)' }) field!: string;
  @ApiProperty() message!: string;
}

export class ConferenceDateCheckView {
  @ApiProperty({ type: [ConferenceWarningView] }) warnings!: ConferenceWarningView[];
}

export class CancelConferenceDto {
  @ApiProperty({ example: 'Krankheitsbedingt' })
  @IsText(500)
  reason!: string;
}

export class YearQuery {
  @ApiPropertyOptional({ example: 2027 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property muss eine Jahreszahl sein' })
  @Min(2000, { message: '$property muss mindestens 2000 sein' })
  @Max(2100, { message: '$property darf höchstens 2100 sein' })
  year?: number;
}

export class ConferenceView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) jbaId!: string;
  @ApiProperty({ enum: ConferenceKind }) kind!: ConferenceKind;
  @ApiProperty() kindLabel!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty() place!: string;
  @ApiProperty() capacity!: number;
  @ApiProperty() referralDeadline!: string;
  @ApiProperty() callForReferralsAt!: string;
  @ApiProperty() status!: string;
  @ApiProperty() statusLabel!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) cancelledAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) cancelReason!: string | null;
  @ApiProperty() agendaCount!: number;
  @ApiProperty() version!: number;
}

export class ConferenceListView {
  @ApiProperty({ type: [ConferenceView] }) items!: ConferenceView[];
}

/** An institution named by id and name (same shape as the referral's InstitutionRefView). */
export class InstitutionRefView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class AttendanceView {
  @ApiProperty({ format: 'uuid' }) institutionId!: string;
  @ApiProperty() name!: string;
}

export class ConferenceTaskView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() elementId!: string;
  @ApiProperty({ type: String, nullable: true }) dueAt!: string | null;
}

export class AgendaEntryView {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ type: InstitutionRefView }) referringInstitution!: InstitutionRefView;
  @ApiProperty() state!: string;
  @ApiProperty() stateLabel!: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) position!: number | null;
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'Nummer auf der Tagesordnung (1, 2, …); null für Fälle, die nicht darauf stehen',
  })
  agendaNumber!: number | null;
}

export class NotificationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() template!: string;
  @ApiProperty() templateLabel!: string;
  @ApiProperty({ description: 'Institution oder "junger Mensch" – keine Adresse' })
  recipientLabel!: string;
  @ApiProperty({ enum: ['queued', 'sent', 'failed', 'withheld'] }) status!: string;
  @ApiProperty() statusLabel!: string;
  @ApiProperty() attempts!: number;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Roher SMTP-Fehler nur für Admins, sonst "Zustellung fehlgeschlagen"',
  })
  lastError!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) sentAt!: string | null;
  @ApiProperty() createdAt!: string;
}

export class ConferenceDetailView extends ConferenceView {
  @ApiProperty({
    type: [AgendaEntryView],
    description: 'Nur die Fälle, die der Betrachter sehen darf (die Koordination sieht alle)',
  })
  agenda!: AgendaEntryView[];
  @ApiProperty({ description: 'Fälle der Tagesordnung, die der Betrachter nicht einsehen kann' })
  hiddenCaseCount!: number;
  @ApiProperty({ type: [AttendanceView] }) attendance!: AttendanceView[];
  @ApiProperty({ type: [NotificationView] }) notifications!: NotificationView[];
  @ApiProperty({ type: [ConferenceTaskView] }) openTasks!: ConferenceTaskView[];
}

export class PublicConferenceView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ConferenceKind }) kind!: ConferenceKind;
  @ApiProperty() kindLabel!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty() place!: string;
  @ApiProperty() referralDeadline!: string;
  @ApiProperty() status!: string;
  @ApiProperty() statusLabel!: string;
}

export class PublicCalendarView {
  @ApiProperty({ type: InstitutionRefView }) jba!: InstitutionRefView;
  @ApiProperty({ type: [PublicConferenceView] }) items!: PublicConferenceView[];
}
