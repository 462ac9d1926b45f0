import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { InstitutionView } from '@lotse/institution';
import { ExistingCaseView } from './existing-cases/existing-cases.dto';
import { Reason, ReasonCode, reasonFor } from './reasons';
import { REFERRAL_EVENT_LABELS, ReferralEvent, ReferralEventType } from './referral-event.entity';
import { REFERRAL_STATUS_LABELS, ReferralStatus } from './referral-status';

export class ReasonView implements Reason {
  @ApiProperty({ enum: ReasonCode }) code!: ReasonCode;
  @ApiProperty() message!: string;
}

export class InstitutionRefView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class ReferralAcceptedView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'FM-2026-00042' }) reference!: string;
  @ApiProperty({ enum: ReferralStatus }) status!: ReferralStatus;
  @ApiProperty({ example: '/api/v1/referrals/…' }) href!: string;
  @ApiProperty({
    type: [ExistingCaseView],
    description: 'Weitere offene Fälle desselben jungen Menschen in der Jugendberufsagentur',
  })
  existingCases!: ExistingCaseView[];
}

export class ConsentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'self oder guardian; null ohne Einwilligung für Ihre Institution',
  })
  grantedBy!: string | null;
  @ApiProperty({ format: 'date' }) signedOn!: string;
  @ApiPropertyOptional({ type: Boolean, nullable: true }) capacityConfirmed!: boolean | null;
  @ApiPropertyOptional({ type: Boolean, nullable: true }) guardianInformed!: boolean | null;
  @ApiProperty({
    type: [String],
    description: 'Erziehungsberechtigte, die unterschrieben haben (leer ohne Freigabe)',
  })
  guardianNames!: string[];
  @ApiPropertyOptional({ type: Boolean, nullable: true }) jointCustody!: boolean | null;
  @ApiProperty({ type: [String] }) recipients!: string[];
  @ApiProperty({
    type: () => [InstitutionRefView],
    description: 'Die Empfänger mit Namen, in der Reihenfolge von recipients',
  })
  recipientInstitutions!: InstitutionRefView[];
  @ApiProperty({ type: [String] }) purposes!: string[];
  @ApiProperty({ type: [String], description: 'Die Zwecke in Worten' }) purposeLabels!: string[];
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'SHA-256 des Dokuments; null bei einer Einwilligung nur auf Papier',
  })
  documentHash!: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Warum es keinen Scan gibt (z. B. „Original liegt in der Akte“)',
  })
  paperOnlyReason!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) revokedAt!: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'date',
    description: 'Tag, an dem der Widerruf erklärt wurde',
  })
  revocationDeclaredOn!: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Begründung des Widerrufs; nur mit Freigabe der personenbezogenen Daten',
  })
  revocationReason!: string | null;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ description: 'Ob die Einwilligung die Fallkonferenz erlaubt' }) valid!: boolean;
  @ApiPropertyOptional({ type: ReasonView, nullable: true }) invalidReason!: ReasonView | null;
}

export class HistoryEntryView {
  @ApiProperty() at!: string;
  @ApiProperty({ enum: ReferralEventType }) type!: ReferralEventType;
  @ApiProperty() label!: string;
  @ApiPropertyOptional({ enum: ReferralStatus, nullable: true }) status!: ReferralStatus | null;
  @ApiPropertyOptional({ type: ReasonView, nullable: true }) reason!: ReasonView | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Weitere Angaben in Worten (z. B. Datum und Begründung eines Widerrufs)',
  })
  note!: string | null;

  /** `disclosed`: the viewer may see the personal data (else reasons about the person are left out). */
  static of(e: ReferralEvent, disclosed: boolean, note: string | null = null): HistoryEntryView {
    return {
      note,
      at: e.occurredAt.toISOString(),
      type: e.type,
      label: e.status
        ? `${REFERRAL_EVENT_LABELS[e.type]}: ${REFERRAL_STATUS_LABELS[e.status]}`
        : REFERRAL_EVENT_LABELS[e.type],
      status: e.status,
      reason: reasonFor(e.reasonCode, disclosed),
    };
  }
}

/** The conference date a case is on the agenda of (or was discussed at). */
export class CaseConferenceView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty() place!: string;
  @ApiProperty({ description: 'Ob der Fall dort schon besprochen wurde' }) discussed!: boolean;
}

export class OpenTaskView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Einwilligung einholen' }) name!: string;
  @ApiProperty() elementId!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) dueAt!: string | null;
}

export class YoungPersonView {
  @ApiProperty() firstName!: string;
  @ApiProperty() lastName!: string;
  @ApiProperty({ format: 'date' }) birthDate!: string;
  @ApiProperty() municipality!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) postalCode!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) email!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) phone!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) guardianName!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) guardianEmail!: string | null;
}

export class ReferralView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ enum: ReferralStatus }) status!: ReferralStatus;
  @ApiProperty({ example: 'Wartet auf Fallkonferenz' }) statusLabel!: string;
  @ApiPropertyOptional({ type: ReasonView, nullable: true }) statusReason!: ReasonView | null;
  @ApiProperty({ format: 'date' }) referredOn!: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'null ohne Einwilligung für Ihre Institution',
  })
  shortDescription!: string | null;
  @ApiPropertyOptional({
    type: Boolean,
    nullable: true,
    description: 'null ohne Einwilligung für Ihre Institution',
  })
  youngPersonAttends!: boolean | null;
  @ApiPropertyOptional({ type: Boolean, nullable: true }) guardianAttends!: boolean | null;
  @ApiPropertyOptional({
    type: YoungPersonView,
    nullable: true,
    description: 'null ohne Einwilligung für Ihre Institution',
  })
  youngPerson!: YoungPersonView | null;
  @ApiProperty({ type: InstitutionView }) referringInstitution!: InstitutionView;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Prozessinstanz in der Engine (Operaton-ID)',
  })
  processInstanceId!: string | null;
  @ApiProperty({ type: [ConsentView] }) consents!: ConsentView[];
  @ApiPropertyOptional({
    type: CaseConferenceView,
    nullable: true,
    description: 'Die Fallkonferenz, auf deren Tagesordnung der Fall steht oder stand',
  })
  conference!: CaseConferenceView | null;
  @ApiProperty({ type: [OpenTaskView], description: 'Offene Aufgaben im Prozess' })
  openTasks!: OpenTaskView[];
  @ApiProperty({ type: [HistoryEntryView] }) history!: HistoryEntryView[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class ReferralListItemView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ enum: ReferralStatus }) status!: ReferralStatus;
  @ApiProperty() statusLabel!: string;
  @ApiProperty({ type: InstitutionRefView }) referringInstitution!: InstitutionRefView;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      'Name des jungen Menschen; null, wenn Ihre Institution die personenbezogenen Angaben nicht sehen darf',
  })
  youngPersonName!: string | null;
  @ApiProperty() createdAt!: string;
}

export class OptionView {
  @ApiProperty() value!: string;
  @ApiProperty() label!: string;
}

export class ReferralListView {
  @ApiProperty({ type: [ReferralListItemView] }) items!: ReferralListItemView[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ type: [OptionView] }) statusOptions!: OptionView[];
}

export class DiagramView {
  @ApiProperty({ description: 'BPMN 2.0 XML des Prozesses, auf dem der Fall läuft' }) xml!: string;
  @ApiProperty({ type: [String], description: 'Wo der Fall steht' }) activeElementIds!: string[];
  @ApiProperty({ type: [String] }) completedElementIds!: string[];
}

export class CaseSummaryPersonView {
  @ApiProperty() firstName!: string;
  @ApiProperty() lastName!: string;
  @ApiProperty({ format: 'date' }) birthDate!: string;
}

export class CaseSummaryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ enum: ReferralStatus }) status!: ReferralStatus;
  @ApiProperty() statusLabel!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) shortDescription!: string | null;
  @ApiProperty({ type: InstitutionRefView }) referringInstitution!: InstitutionRefView;
  @ApiPropertyOptional({ type: CaseSummaryPersonView, nullable: true })
  youngPerson!: CaseSummaryPersonView | null;
}
