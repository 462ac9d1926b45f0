import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { NoControlCharacters } from '@lotse/common';
import { FEDERAL_STATES, FederalState } from '@lotse/institution';

/** Days and hours only (`P14D`, `PT12H`, `P1DT12H`): what BPMN timers and FEEL both read. */
const DURATION = /^P(?=\d|T\d)(?:\d{1,4}D)?(?:T\d{1,4}H)?$/;
const DURATION_MESSAGE = '$property muss eine Dauer wie P14D (Tage) oder PT12H (Stunden) sein';

/** Retention periods: one unit, days, months or years (`P30D`, `P6M`, `P3Y`). */
const RETENTION_PERIOD = /^P[1-9]\d{0,3}[DMY]$/;
const RETENTION_MESSAGE =
  '$property muss eine Frist wie P30D (Tage), P6M (Monate) oder P3Y (Jahre) sein';

export class UpdateJbaSettingsDto {
  @ApiPropertyOptional({ example: 'Jugendberufsagentur Eschweiler' })
  @IsOptional()
  @IsString({ message: '$property muss ein Text sein' })
  @MinLength(1, { message: '$property fehlt' })
  @MaxLength(200, { message: '$property darf höchstens 200 Zeichen lang sein' })
  @NoControlCharacters({ singleLine: true })
  name?: string;

  @ApiPropertyOptional({ example: 'Eschweiler', description: 'Wohnort der Zielgruppe' })
  @IsOptional()
  @IsString({ message: '$property muss ein Text sein' })
  @MinLength(1, { message: '$property fehlt' })
  @MaxLength(100, { message: '$property darf höchstens 100 Zeichen lang sein' })
  @NoControlCharacters({ singleLine: true })
  municipality?: string;

  @ApiPropertyOptional({
    enum: Object.keys(FEDERAL_STATES),
    nullable: true,
    example: 'NW',
    description: 'Bundesland (für Feiertage bei Konferenzterminen); leer: nur bundesweite',
  })
  @IsOptional()
  @IsIn(Object.keys(FEDERAL_STATES), { message: '$property ist kein Bundesland' })
  federalState?: FederalState | null;

  @ApiPropertyOptional({ example: 25, description: 'Jünger als dieses Alter am Tag der Meldung' })
  @IsOptional()
  @IsInt({ message: '$property muss eine ganze Zahl sein' })
  @Min(16, { message: '$property muss mindestens 16 sein' })
  @Max(35, { message: '$property darf höchstens 35 sein' })
  ageLimit?: number;

  @ApiPropertyOptional({ example: 'P14D' })
  @IsOptional()
  @IsString({ message: '$property muss ein Text sein' })
  @Matches(DURATION, { message: DURATION_MESSAGE })
  consentReminderInterval?: string;

  @ApiPropertyOptional({ example: 'P56D' })
  @IsOptional()
  @IsString({ message: '$property muss ein Text sein' })
  @Matches(DURATION, { message: DURATION_MESSAGE })
  consentDeadline?: string;

  @ApiPropertyOptional({ example: 'P28D' })
  @IsOptional()
  @IsString({ message: '$property muss ein Text sein' })
  @Matches(DURATION, { message: DURATION_MESSAGE })
  callForReferralsLeadTime?: string;

  @ApiPropertyOptional({
    example: 'P14D',
    description:
      'Überfällige Überprüfungen von Maßnahmen gehen nach dieser Dauer an die Koordination',
  })
  @IsOptional()
  @IsString({ message: '$property muss ein Text sein' })
  @Matches(DURATION, { message: DURATION_MESSAGE })
  followUpEscalationDelay?: string;

  @ApiPropertyOptional({
    description: 'Protokoll als PDF-Anhang versenden (sonst nur ein Link zur Anmeldung)',
  })
  @IsOptional()
  @IsBoolean({ message: '$property muss ja oder nein sein' })
  protocolPdfAttachment?: boolean;

  @ApiPropertyOptional({
    example: 90,
    description: 'Eine Fallmeldung darf höchstens so viele Tage rückwirkend datiert sein',
  })
  @IsOptional()
  @IsInt({ message: '$property muss eine ganze Zahl sein' })
  @Min(0, { message: '$property darf nicht negativ sein' })
  @Max(365, { message: '$property darf höchstens 365 sein' })
  maxReferralBackdatingDays?: number;

  @ApiPropertyOptional({
    description:
      '15–17-Jährige mit bestätigter Einsichtsfähigkeit dürfen allein einwilligen (sonst unterschreiben die Erziehungsberechtigten)',
  })
  @IsOptional()
  @IsBoolean({ message: '$property muss ja oder nein sein' })
  minorsMayConsentAlone?: boolean;

  @ApiPropertyOptional({
    example: 'P6M',
    description: 'Löschfrist: ohne Zielgruppe oder ohne Einwilligung beendete Fälle, ab Fallende',
  })
  @IsOptional()
  @IsString({ message: '$property muss ein Text sein' })
  @Matches(RETENTION_PERIOD, { message: RETENTION_MESSAGE })
  retentionEndedWithoutCase?: string;

  @ApiPropertyOptional({
    example: 'P3Y',
    description: 'Löschfrist: abgeschlossene Fälle, ab Abschluss',
  })
  @IsOptional()
  @IsString({ message: '$property muss ein Text sein' })
  @Matches(RETENTION_PERIOD, { message: RETENTION_MESSAGE })
  retentionClosed?: string;

  @ApiPropertyOptional({ example: 'P30D', description: 'Löschfrist: nach Widerruf beendete Fälle' })
  @IsOptional()
  @IsString({ message: '$property muss ein Text sein' })
  @Matches(RETENTION_PERIOD, { message: RETENTION_MESSAGE })
  retentionAfterRevocation?: string;

  @ApiPropertyOptional({ example: 'P90D', description: 'Löschfrist: Inhalte versandter E-Mails' })
  @IsOptional()
  @IsString({ message: '$property muss ein Text sein' })
  @Matches(RETENTION_PERIOD, { message: RETENTION_MESSAGE })
  retentionMailContents?: string;

  @ApiPropertyOptional({ example: 'P2Y', description: 'Löschfrist: Audit (mindestens 365 Tage)' })
  @IsOptional()
  @IsString({ message: '$property muss ein Text sein' })
  @Matches(RETENTION_PERIOD, { message: RETENTION_MESSAGE })
  retentionAudit?: string;
}

export class FederalStateOptionView {
  @ApiProperty({ enum: Object.keys(FEDERAL_STATES) }) value!: FederalState;
  @ApiProperty({ example: 'Nordrhein-Westfalen' }) label!: string;
}

export class JbaSettingsView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() municipality!: string;
  @ApiPropertyOptional({ enum: Object.keys(FEDERAL_STATES), nullable: true })
  federalState!: FederalState | null;
  @ApiProperty({ type: [FederalStateOptionView], description: 'Die Bundesländer zur Auswahl' })
  federalStateOptions!: FederalStateOptionView[];
  @ApiProperty() ageLimit!: number;
  @ApiProperty() consentReminderInterval!: string;
  @ApiProperty() consentDeadline!: string;
  @ApiProperty() callForReferralsLeadTime!: string;
  @ApiProperty() followUpEscalationDelay!: string;
  @ApiProperty() protocolPdfAttachment!: boolean;
  @ApiProperty() maxReferralBackdatingDays!: number;
  @ApiProperty() minorsMayConsentAlone!: boolean;
  @ApiProperty() retentionEndedWithoutCase!: string;
  @ApiProperty() retentionClosed!: string;
  @ApiProperty() retentionAfterRevocation!: string;
  @ApiProperty() retentionMailContents!: string;
  @ApiProperty() retentionAudit!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) coordinatingInstitutionId!: string | null;
  @ApiProperty({ description: 'Ob der angemeldete Nutzer die Einstellungen ändern darf' })
  editable!: boolean;
}
