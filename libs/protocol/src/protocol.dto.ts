import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CASE_OUTCOMES } from '@lotse/referral';
import { OFFER_KINDS } from '@lotse/offer';
import { FollowUpDecision, ReviewResult } from './protocol.entity';

const TEXT = '$property muss ein Text sein';
const MISSING = '$property fehlt';
const DATE = '$property muss ein Datum (JJJJ-MM-TT) sein';

export class ParticipantDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: '$property muss eine Institution sein' })
  institutionId!: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Frau Beispiel' })
  @IsOptional()
  @IsString({ message: TEXT })
  @MaxLength(200, { message: '$property darf höchstens 200 Zeichen lang sein' })
  person?: string | null;
}

export class MeasureDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID('all', { message: '$property muss eine Maßnahme sein' })
  id?: string | null;

  @ApiProperty({ example: 'Teilnahme an der Berufsvorbereitung' })
  @IsString({ message: TEXT })
  @MinLength(1, { message: MISSING })
  @MaxLength(300, { message: '$property darf höchstens 300 Zeichen lang sein' })
  title!: string;

  @ApiProperty({ enum: OFFER_KINDS })
  @IsIn(OFFER_KINDS, { message: '$property muss eine Art von Angebot sein' })
  kind!: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID('all', { message: '$property muss ein Angebot sein' })
  offerId?: string | null;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: '$property muss eine Institution sein' })
  institutionId!: string;

  @ApiProperty({ example: 'Herr Muster' })
  @IsString({ message: TEXT })
  @MinLength(1, { message: MISSING })
  @MaxLength(200, { message: '$property darf höchstens 200 Zeichen lang sein' })
  contactName!: string;

  @ApiProperty({ format: 'date' })
  @IsISO8601({ strict: true }, { message: DATE })
  startsOn!: string;

  @ApiProperty({ format: 'date' })
  @IsISO8601({ strict: true }, { message: DATE })
  dueOn!: string;
}

/**
 * The protocol as its author enters it. A draft is checked for types only; finalizing checks
 * that everything a protocol needs is there.
 */
export class ProtocolContentDto {
  @ApiProperty({ type: [ParticipantDto] })
  @IsArray({ message: '$property muss eine Liste sein' })
  @ArrayMaxSize(50, { message: '$property: höchstens 50' })
  @ValidateNested({ each: true })
  @Type(() => ParticipantDto)
  participants!: ParticipantDto[];

  @ApiProperty({ description: 'Ausgangslage in Kürze' })
  @IsString({ message: TEXT })
  @MaxLength(5000, { message: '$property darf höchstens 5000 Zeichen lang sein' })
  situation!: string;

  @ApiProperty({ type: [String] })
  @IsArray({ message: '$property muss eine Liste sein' })
  @ArrayMaxSize(30, { message: '$property: höchstens 30' })
  @IsString({ each: true, message: 'Jedes Ziel muss ein Text sein' })
  @MaxLength(1000, { each: true, message: 'Ein Ziel darf höchstens 1000 Zeichen lang sein' })
  goals!: string[];

  @ApiProperty({ type: [MeasureDto] })
  @IsArray({ message: '$property muss eine Liste sein' })
  @ArrayMaxSize(50, { message: '$property: höchstens 50' })
  @ValidateNested({ each: true })
  @Type(() => MeasureDto)
  measures!: MeasureDto[];

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString({ message: TEXT })
  @MaxLength(3000, { message: '$property darf höchstens 3000 Zeichen lang sein' })
  youngPersonView?: string | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true })
  @IsOptional()
  @IsBoolean({ message: '$property muss ja oder nein sein' })
  youngPersonAgreed?: boolean | null;
}

/** A measure row of a draft: anything may still be missing, what is there must fit. */
export class DraftMeasureDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID('all', { message: '$property muss eine Maßnahme sein' })
  id?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: TEXT })
  @MaxLength(300, { message: '$property darf höchstens 300 Zeichen lang sein' })
  title?: string;

  @ApiPropertyOptional({ enum: OFFER_KINDS })
  @IsOptional()
  @IsIn(OFFER_KINDS, { message: '$property muss eine Art von Angebot sein' })
  kind?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID('all', { message: '$property muss ein Angebot sein' })
  offerId?: string | null;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: '$property muss eine Institution sein' })
  institutionId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: TEXT })
  @MaxLength(200, { message: '$property darf höchstens 200 Zeichen lang sein' })
  contactName?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: DATE })
  startsOn?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: DATE })
  dueOn?: string;
}

/** A draft: saved as far as it is written; finalizing checks it fully. */
export class DraftContentDto {
  @ApiPropertyOptional({ type: [ParticipantDto] })
  @IsOptional()
  @IsArray({ message: '$property muss eine Liste sein' })
  @ArrayMaxSize(50, { message: '$property: höchstens 50' })
  @ValidateNested({ each: true })
  @Type(() => ParticipantDto)
  participants?: ParticipantDto[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: TEXT })
  @MaxLength(5000, { message: '$property darf höchstens 5000 Zeichen lang sein' })
  situation?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray({ message: '$property muss eine Liste sein' })
  @ArrayMaxSize(30, { message: '$property: höchstens 30' })
  @IsString({ each: true, message: 'Jedes Ziel muss ein Text sein' })
  @MaxLength(1000, { each: true, message: 'Ein Ziel darf höchstens 1000 Zeichen lang sein' })
  goals?: string[];

  @ApiPropertyOptional({ type: [DraftMeasureDto] })
  @IsOptional()
  @IsArray({ message: '$property muss eine Liste sein' })
  @ArrayMaxSize(50, { message: '$property: höchstens 50' })
  @ValidateNested({ each: true })
  @Type(() => DraftMeasureDto)
  measures?: DraftMeasureDto[];

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString({ message: TEXT })
  @MaxLength(3000, { message: '$property darf höchstens 3000 Zeichen lang sein' })
  youngPersonView?: string | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true })
  @IsOptional()
  @IsBoolean({ message: '$property muss ja oder nein sein' })
  youngPersonAgreed?: boolean | null;
}

export class SaveDraftDto {
  @ApiProperty({ type: DraftContentDto })
  @ValidateNested()
  @Type(() => DraftContentDto)
  content!: DraftContentDto;
}

export class CorrectProtocolDto {
  @ApiProperty({ example: 'Fälligkeit der Maßnahme 2 war falsch erfasst' })
  @IsString({ message: TEXT })
  @MinLength(3, { message: 'Bitte geben Sie den Grund der Berichtigung an' })
  @MaxLength(500, { message: '$property darf höchstens 500 Zeichen lang sein' })
  reason!: string;

  @ApiProperty({ type: ProtocolContentDto })
  @ValidateNested()
  @Type(() => ProtocolContentDto)
  content!: ProtocolContentDto;
}

export class ReviewMeasureDto {
  @IsIn(Object.values(ReviewResult), {
    message: '$property: erledigt, nicht erledigt oder geändert',
  })
  result!: ReviewResult;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: DATE })
  newDueOn?: string | null;

  @IsOptional()
  @IsString({ message: TEXT })
  @MaxLength(2000, { message: '$property darf höchstens 2000 Zeichen lang sein' })
  note?: string | null;
}

export class DecideFollowUpDto {
  @IsIn(Object.values(FollowUpDecision), {
    message: '$property: abschließen, erneut zur Fallkonferenz oder weiter nachverfolgen',
  })
  decision!: FollowUpDecision;

  @IsOptional()
  @IsIn(CASE_OUTCOMES, { message: '$property muss ein Verbleib aus der Liste sein' })
  outcome?: string | null;

  @IsOptional()
  @IsString({ message: TEXT })
  @MaxLength(2000, { message: '$property darf höchstens 2000 Zeichen lang sein' })
  note?: string | null;
}

// ---- views ----

export class DoubleSupportWarningView {
  @ApiProperty({ description: 'Index der Maßnahme im Protokoll' }) measureIndex!: number;
  @ApiProperty() institutionName!: string;
  @ApiProperty() kindLabel!: string;
  @ApiProperty({ format: 'date' }) startsOn!: string;
  @ApiProperty({ format: 'date' }) dueOn!: string;
  @ApiProperty() message!: string;
}

export class InstitutionOptionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Die Einwilligung nennt die Stelle als Empfängerin des Protokolls' })
  receivesProtocol!: boolean;
}

export class MeasureReviewView {
  @ApiProperty() result!: ReviewResult;
  @ApiProperty() resultLabel!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) newDueOn!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) note!: string | null;
  @ApiProperty() escalated!: boolean;
  @ApiProperty() reviewedByName!: string;
  @ApiProperty() reviewedAt!: string;
}

export class MeasureView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() kindLabel!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) offerId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) offerName!: string | null;
  @ApiProperty({ format: 'uuid' }) institutionId!: string;
  @ApiProperty() institutionName!: string;
  @ApiProperty() contactName!: string;
  @ApiProperty({ format: 'date' }) startsOn!: string;
  @ApiProperty({ format: 'date' }) dueOn!: string;
  @ApiProperty() status!: string;
  @ApiProperty() statusLabel!: string;
  @ApiProperty({ type: [MeasureReviewView] }) reviews!: MeasureReviewView[];
}

export class DeliveryView {
  @ApiProperty() institutionName!: string;
  @ApiProperty({ enum: ['sent', 'refused'] }) status!: string;
  @ApiProperty() label!: string;
  @ApiProperty() at!: string;
}

export class ProtocolVersionView {
  @ApiProperty() version!: number;
  @ApiProperty() finalizedAt!: string;
  @ApiProperty() finalizedByName!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) correctionReason!: string | null;
  @ApiProperty() fileName!: string;
  @ApiProperty() sha256!: string;
  @ApiProperty({ description: 'Der angemeldete Nutzer darf das PDF herunterladen' })
  downloadable!: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) pdfHref!: string | null;
  @ApiProperty({ type: [DeliveryView] }) deliveries!: DeliveryView[];
  @ApiProperty() downloads!: number;
}

export class DecisionView {
  @ApiProperty() decision!: FollowUpDecision;
  @ApiProperty() decisionLabel!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) outcomeLabel!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) note!: string | null;
  @ApiProperty() decidedByName!: string;
  @ApiProperty() decidedAt!: string;
}

export class ProtocolSummaryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) conferenceId!: string;
  @ApiProperty() conferenceStartsAt!: string;
  @ApiProperty() conferencePlace!: string;
  @ApiProperty({ enum: ['draft', 'final'] }) state!: string;
  @ApiProperty() stateLabel!: string;
  @ApiProperty() currentVersion!: number;
  @ApiProperty({ type: [ProtocolVersionView] }) versions!: ProtocolVersionView[];
  @ApiProperty({ description: 'Der angemeldete Nutzer darf eine Berichtigung anlegen' })
  correctable!: boolean;
}

/** What the case page shows after the conference: protocols, measures, reviews, decisions. */
export class CaseFollowUpView {
  @ApiProperty({ type: [ProtocolSummaryView] }) protocols!: ProtocolSummaryView[];
  @ApiProperty({ type: [MeasureView] }) measures!: MeasureView[];
  @ApiProperty({ type: [DecisionView] }) decisions!: DecisionView[];
  @ApiPropertyOptional({ type: String, nullable: true }) outcomeLabel!: string | null;
}

export class KindOptionView {
  @ApiProperty() value!: string;
  @ApiProperty() label!: string;
}

/** The protocol editor: the draft (or the current version) and what the form offers. */
export class ProtocolEditorView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() caseReference!: string;
  @ApiProperty() conferenceStartsAt!: string;
  @ApiProperty() conferencePlace!: string;
  @ApiProperty({ enum: ['draft', 'final'] }) state!: string;
  @ApiProperty() currentVersion!: number;
  @ApiProperty({ type: ProtocolContentDto }) content!: ProtocolContentDto;
  @ApiPropertyOptional({ type: String, nullable: true }) draftSavedAt!: string | null;
  @ApiProperty({ type: [InstitutionOptionView] }) institutions!: InstitutionOptionView[];
  @ApiProperty({ type: [KindOptionView], description: 'Arten von Angeboten' })
  kinds!: KindOptionView[];
  @ApiProperty({ type: [DoubleSupportWarningView] }) warnings!: DoubleSupportWarningView[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Die offenen Aufgabe "Protokoll erfassen", wenn es eine gibt',
  })
  taskId!: string | null;
}
