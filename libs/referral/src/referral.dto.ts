import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsEnum,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsIsoDate, IsNotFutureDate, IsPlausibleBirthDate, IsText, PageQuery } from '@lotse/common';
import { CONSENT_PURPOSES, ConsentGrantor, ConsentPurpose } from './consent/consent-purpose';
import { ReferralStatus } from './referral-status';

export const SHORT_DESCRIPTION_MAX = 4000;
export const PAPER_ONLY_REASON_MAX = 300;
export const REVOCATION_REASON_MAX = 2000;
/** What the paper-only option of the consent form suggests. */
export const PAPER_ONLY_DEFAULT_REASON = 'Original liegt in der Akte';
const DOCUMENT_MISSING =
  '$property: Bitte die Prüfsumme des unterschriebenen Dokuments oder einen Grund ohne Scan (z. B. „Original liegt in der Akte“) angeben';
/** Longest search text of the case list. */
export const CASE_SEARCH_MAX = 100;

export class GuardianDto {
  @ApiProperty({ example: 'Petra Muster' })
  @IsText(200)
  name!: string;

  @ApiPropertyOptional({ example: 'petra.muster@example.org' })
  @IsOptional()
  @IsEmail({}, { message: '$property muss eine E-Mail-Adresse sein' })
  email?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: '$property muss ein Text sein' })
  @MaxLength(50, { message: '$property darf höchstens 50 Zeichen lang sein' })
  phone?: string;
}

export class YoungPersonDto {
  @ApiProperty({ example: 'Lena' })
  @IsText(100)
  firstName!: string;

  @ApiProperty({ example: 'Muster' })
  @IsText(100)
  lastName!: string;

  @ApiProperty({
    example: '2006-04-12',
    format: 'date',
    description: 'Plausibel: heute 10 bis 40 Jahre alt',
  })
  @IsIsoDate()
  @IsNotFutureDate()
  @IsPlausibleBirthDate()
  birthDate!: string;

  @ApiProperty({ example: 'Eschweiler', description: 'Wohnort' })
  @IsText(100)
  municipality!: string;

  @ApiPropertyOptional({ example: '52249' })
  @IsOptional()
  @Matches(/^\d{5}$/, { message: '$property muss eine fünfstellige Postleitzahl sein' })
  postalCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail({}, { message: '$property muss eine E-Mail-Adresse sein' })
  email?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: '$property muss ein Text sein' })
  @MaxLength(50, { message: '$property darf höchstens 50 Zeichen lang sein' })
  phone?: string;

  @ApiPropertyOptional({ type: GuardianDto })
  @IsOptional()
  @IsObject({ message: '$property muss ein Objekt sein' })
  @ValidateNested()
  @Type(() => GuardianDto)
  guardian?: GuardianDto;
}

export class ConsentDto {
  @ApiProperty({
    enum: ConsentGrantor,
    description: 'self: der junge Mensch; guardian: Erziehungsberechtigte',
  })
  @IsEnum(ConsentGrantor, { message: '$property muss self oder guardian sein' })
  grantedBy!: ConsentGrantor;

  @ApiProperty({ example: '2026-11-02', format: 'date' })
  @IsIsoDate()
  @IsNotFutureDate()
  signedOn!: string;

  @ApiPropertyOptional({
    description: '15–17 Jahre, allein unterschrieben: Einsichtsfähigkeit bestätigt',
  })
  @IsOptional()
  @IsBoolean({ message: '$property muss true oder false sein' })
  capacityConfirmed?: boolean;

  @ApiPropertyOptional({ description: 'Erziehungsberechtigte wurden informiert' })
  @IsOptional()
  @IsBoolean({ message: '$property muss true oder false sein' })
  guardianInformed?: boolean;

  @ApiPropertyOptional({
    type: [String],
    example: ['Petra Muster'],
    description:
      'Erziehungsberechtigte, die unterschrieben haben (Pflicht bei grantedBy guardian; bei gemeinsamem Sorgerecht beide)',
  })
  @IsOptional()
  @IsArray({ message: '$property muss eine Liste sein' })
  @ArrayMaxSize(2, { message: '$property: höchstens 2 Namen' })
  @IsString({ each: true, message: '$property muss Namen enthalten' })
  @MaxLength(200, { each: true, message: '$property: ein Name hat höchstens 200 Zeichen' })
  @Matches(/^[^\p{Cc}]*\S[^\p{Cc}]*$/u, {
    each: true,
    message: '$property: ein Name muss einzeilig und nicht leer sein',
  })
  guardianNames?: string[];

  @ApiPropertyOptional({
    description: 'Gemeinsames Sorgerecht: beide Erziehungsberechtigte unterschreiben',
  })
  @IsOptional()
  @IsBoolean({ message: '$property muss true oder false sein' })
  jointCustody?: boolean;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Institutionen, an die Informationen gehen dürfen',
  })
  @IsArray({ message: '$property muss eine Liste sein' })
  @ArrayMaxSize(30, { message: '$property: höchstens 30 Einträge' })
  @ArrayUnique({ message: '$property enthält eine Institution doppelt' })
  @IsUUID('all', { each: true, message: '$property muss Institutions-IDs (UUID) enthalten' })
  recipients!: string[];

  @ApiProperty({ enum: CONSENT_PURPOSES, isArray: true })
  @IsArray({ message: '$property muss eine Liste sein' })
  @ArrayUnique({ message: '$property enthält einen Wert doppelt' })
  @IsEnum(ConsentPurpose, {
    each: true,
    message: `$property erlaubt nur: ${CONSENT_PURPOSES.join(', ')}`,
  })
  purposes!: ConsentPurpose[];

  @ApiPropertyOptional({
    description:
      'SHA-256 des unterschriebenen Dokuments (hex); Pflicht, wenn kein paperOnlyReason angegeben ist',
    example: 'a3f1…',
  })
  // One of documentHash and paperOnlyReason: without both, both are named.
  @ValidateIf((o: ConsentDto) => o.paperOnlyReason === undefined || o.documentHash !== undefined)
  @IsDefined({ message: DOCUMENT_MISSING })
  @Matches(/^[0-9a-fA-F]{64}$/, {
    message: '$property muss ein SHA-256-Hash (64 Hex-Zeichen) sein',
  })
  documentHash?: string;

  @ApiPropertyOptional({
    description:
      'Ohne Scan: warum es keine Prüfsumme gibt (z. B. „Original liegt in der Akte“); Pflicht ohne documentHash',
    example: PAPER_ONLY_DEFAULT_REASON,
    maxLength: PAPER_ONLY_REASON_MAX,
  })
  @ValidateIf((o: ConsentDto) => o.documentHash === undefined || o.paperOnlyReason !== undefined)
  @IsDefined({ message: DOCUMENT_MISSING })
  @IsText(PAPER_ONLY_REASON_MAX, { singleLine: true })
  paperOnlyReason?: string;
}

/** Widerruf: when it was declared and, optionally, why. */
export class RevokeConsentDto {
  @ApiPropertyOptional({
    format: 'date',
    description:
      'Tag, an dem der Widerruf erklärt wurde; nicht in der Zukunft, nicht vor der Unterschrift. Standard: heute',
  })
  @IsOptional()
  @IsIsoDate()
  @IsNotFutureDate()
  declaredOn?: string;

  @ApiPropertyOptional({ description: 'Begründung (freiwillig)', maxLength: REVOCATION_REASON_MAX })
  @IsOptional()
  @IsText(REVOCATION_REASON_MAX)
  reason?: string;
}

export class SubmitReferralDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Meldende Institution; Standard: die eigene',
  })
  @IsOptional()
  @IsUUID('all', { message: '$property muss eine Institutions-ID (UUID) sein' })
  referringInstitutionId?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Datum der Fallmeldung; Standard: heute' })
  @IsOptional()
  @IsIsoDate()
  @IsNotFutureDate()
  referredOn?: string;

  @ApiProperty({ description: 'Kurzbeschreibung', maxLength: SHORT_DESCRIPTION_MAX })
  @IsText(SHORT_DESCRIPTION_MAX)
  shortDescription!: string;

  @ApiProperty({ type: YoungPersonDto })
  @IsDefined({ message: '$property fehlt' })
  @IsObject({ message: '$property muss ein Objekt sein' })
  @ValidateNested()
  @Type(() => YoungPersonDto)
  youngPerson!: YoungPersonDto;

  @ApiPropertyOptional({ description: 'Der junge Mensch möchte an der Fallkonferenz teilnehmen' })
  @IsOptional()
  @IsBoolean({ message: '$property muss true oder false sein' })
  youngPersonAttends?: boolean;

  @ApiPropertyOptional({ description: 'Die Erziehungsberechtigten möchten teilnehmen' })
  @IsOptional()
  @IsBoolean({ message: '$property muss true oder false sein' })
  guardianAttends?: boolean;

  @ApiPropertyOptional({ type: ConsentDto })
  @IsOptional()
  @IsObject({ message: '$property muss ein Objekt sein' })
  @ValidateNested()
  @Type(() => ConsentDto)
  consent?: ConsentDto;
}

export class ListReferralsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ReferralStatus })
  @IsOptional()
  @IsEnum(ReferralStatus, { message: '$property ist kein bekannter Status' })
  status?: ReferralStatus;

  @ApiPropertyOptional({
    description:
      'Suche nach Aktenzeichen, meldender Stelle oder Name des jungen Menschen (der Name nur in Fällen, deren Angaben Ihre Institution sehen darf)',
    maxLength: CASE_SEARCH_MAX,
  })
  @IsOptional()
  @IsString({ message: '$property muss ein Text sein' })
  @MaxLength(CASE_SEARCH_MAX, {
    message: `$property darf höchstens ${CASE_SEARCH_MAX} Zeichen lang sein`,
  })
  q?: string;
}
