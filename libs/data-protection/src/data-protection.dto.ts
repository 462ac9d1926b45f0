import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { PageQuery } from '@lotse/common';
import type { AccessReport, AccessReportCase, StaffRef } from './access-report';
import type { AuditRow } from './audit-csv';

const Text = () => IsString({ message: '$property muss ein Text sein' });

/** `GET /data-protection/audit`: the filters are checked by `parseAuditFilter` (named fields). */
export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Fall: Aktenzeichen (FM-2026-00042) oder Id' })
  @IsOptional()
  @Text()
  case?: string;

  @ApiPropertyOptional({ description: 'Mitarbeiter*in: Benutzername oder Id' })
  @IsOptional()
  @Text()
  staff?: string;

  @ApiPropertyOptional({ description: 'Von (Tag, TT.MM.JJJJ oder JJJJ-MM-TT), einschließlich' })
  @IsOptional()
  @Text()
  from?: string;

  @ApiPropertyOptional({ description: 'Bis (Tag), einschließlich' })
  @IsOptional()
  @Text()
  to?: string;

  @ApiPropertyOptional({ enum: ['csv', 'json'], description: 'Download statt Seite' })
  @IsOptional()
  @Text()
  format?: string;
}

export class AuditActorView {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
}

export class AuditInstitutionView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class AuditCaseView {
  @ApiProperty() id!: string;
  @ApiProperty() reference!: string;
}

export class AuditConsentView {
  @ApiProperty() id!: string;
  @ApiProperty() signedOn!: string;
}

export class AuditRowView implements AuditRow {
  @ApiProperty() id!: string;
  @ApiProperty() at!: string;
  @ApiProperty() action!: string;
  @ApiProperty() actionLabel!: string;
  @ApiProperty({ type: AuditActorView, nullable: true }) actor!: AuditActorView | null;
  @ApiProperty({ type: AuditInstitutionView, nullable: true })
  institution!: AuditInstitutionView | null;
  @ApiProperty({ type: AuditCaseView, nullable: true }) case!: AuditCaseView | null;
  @ApiProperty({ type: AuditConsentView, nullable: true }) consent!: AuditConsentView | null;
  @ApiProperty() details!: string;
}

export class AuditPageView {
  @ApiProperty({ type: [AuditRowView] }) items!: AuditRowView[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

/** `POST /data-protection/access-report`: a case reference, or name and date of birth. */
export class AccessReportQuery {
  @ApiPropertyOptional({ description: 'Aktenzeichen oder Id eines Falls der Person' })
  @IsOptional()
  @Text()
  case?: string;

  @ApiPropertyOptional() @IsOptional() @Text() firstName?: string;
  @ApiPropertyOptional() @IsOptional() @Text() lastName?: string;

  @ApiPropertyOptional({ description: 'Geburtsdatum (TT.MM.JJJJ oder JJJJ-MM-TT)' })
  @IsOptional()
  @Text()
  birthDate?: string;

  @ApiPropertyOptional({ enum: ['json', 'pdf'], description: 'Download statt Seite' })
  @IsOptional()
  @Text()
  format?: string;
}

// ---- The access report (Auskunft, Art. 15 DSGVO) as the API answers it (format json or none) ----

type Item<T> = T extends Array<infer I> ? I : never;
type ReportConsent = Item<AccessReportCase['consents']>;
type ReportProtocol = Item<AccessReportCase['protocols']>;
type ReportVersion = Item<ReportProtocol['versions']>;

export class StaffRefView implements StaffRef {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
}

export class ReportInstitutionView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class ReportPersonView {
  @ApiProperty() firstName!: string;
  @ApiProperty() lastName!: string;
  @ApiProperty() birthDate!: string;
}

export class ReportFieldView {
  @ApiProperty() label!: string;
  @ApiProperty() value!: string;
}

export class ReportPersonalDataView {
  @ApiProperty() id!: string;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ type: [String] }) caseReferences!: string[];
  @ApiProperty({ type: [ReportFieldView] }) fields!: ReportFieldView[];
}

export class ReportConsentView implements ReportConsent {
  @ApiProperty() id!: string;
  @ApiProperty() grantedBy!: string;
  @ApiProperty() grantedByLabel!: string;
  @ApiProperty() signedOn!: string;
  @ApiProperty({ type: [String] }) guardianNames!: string[];
  @ApiProperty({ type: [ReportInstitutionView] }) recipients!: ReportInstitutionView[];
  @ApiProperty({ type: [String] }) purposes!: string[];
  @ApiProperty({ type: [String] }) purposeLabels!: string[];
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ type: StaffRefView, nullable: true }) recordedBy!: StaffRefView | null;
  @ApiProperty({ type: String, nullable: true }) revokedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Widerruf erklärt am (YYYY-MM-DD)' })
  revocationDeclaredOn!: string | null;
  @ApiProperty({ type: String, nullable: true }) revocationReason!: string | null;
  @ApiProperty() valid!: boolean;
  @ApiProperty() validity!: string;
  @ApiProperty({ type: String, nullable: true }) documentHash!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Nur auf Papier, z. B. „Original liegt in der Akte“',
  })
  paperOnlyReason!: string | null;
}

export class ReportMeasureView {
  @ApiProperty() title!: string;
  @ApiProperty() institution!: string;
  @ApiProperty() dueOn!: string;
}

export class ReportDeliveryView {
  @ApiProperty() institution!: string;
  @ApiProperty() status!: string;
  @ApiProperty() detail!: string;
  @ApiProperty() at!: string;
}

export class ReportDownloadView {
  @ApiProperty() at!: string;
  @ApiProperty() institution!: string;
  @ApiProperty() user!: string;
}

export class ReportProtocolVersionView implements ReportVersion {
  @ApiProperty() version!: number;
  @ApiProperty() finalizedAt!: string;
  @ApiProperty() finalizedByName!: string;
  @ApiProperty({ type: String, nullable: true }) correctionReason!: string | null;
  @ApiProperty() pdfSha256!: string;
  @ApiProperty() situation!: string;
  @ApiProperty({ type: [String] }) goals!: string[];
  @ApiProperty({ type: [ReportMeasureView] }) measures!: ReportMeasureView[];
  @ApiProperty({ type: [ReportDeliveryView] }) deliveries!: ReportDeliveryView[];
  @ApiProperty({ type: [ReportDownloadView] }) downloads!: ReportDownloadView[];
}

export class ReportProtocolView implements ReportProtocol {
  @ApiProperty() id!: string;
  @ApiProperty({ type: String, nullable: true }) conferenceStartsAt!: string | null;
  @ApiProperty() state!: string;
  @ApiProperty({ type: [ReportProtocolVersionView] }) versions!: ReportProtocolVersionView[];
}

export class ReportMailView {
  @ApiProperty() id!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) sentAt!: string | null;
  @ApiProperty() template!: string;
  @ApiProperty() templateLabel!: string;
  @ApiProperty() recipientKind!: string;
  @ApiProperty() recipient!: string;
  @ApiProperty() status!: string;
  @ApiProperty() statusLabel!: string;
}

export class ReportEntrustedNoteView {
  @ApiProperty({ description: 'Das Jugendamt, dem die Information anvertraut wurde' })
  institution!: string;
  @ApiProperty() recordedAt!: string;
  @ApiProperty() text!: string;
}

export class AccessReportCaseView implements AccessReportCase {
  @ApiProperty() id!: string;
  @ApiProperty() reference!: string;
  @ApiProperty() status!: string;
  @ApiProperty() statusLabel!: string;
  @ApiProperty({ type: String, nullable: true }) statusReason!: string | null;
  @ApiProperty({ type: String, nullable: true }) outcome!: string | null;
  @ApiProperty() referredOn!: string;
  @ApiProperty() receivedAt!: string;
  @ApiProperty({ type: ReportInstitutionView }) referringInstitution!: ReportInstitutionView;
  @ApiProperty({ type: StaffRefView, nullable: true }) referredBy!: StaffRefView | null;
  @ApiProperty() shortDescription!: string;
  @ApiProperty() youngPersonAttends!: boolean;
  @ApiProperty() guardianAttends!: boolean;
  @ApiProperty({ type: [ReportConsentView] }) consents!: ReportConsentView[];
  @ApiProperty({ type: [ReportProtocolView] }) protocols!: ReportProtocolView[];
  @ApiProperty({
    type: [ReportEntrustedNoteView],
    description: 'Dem Jugendamt anvertraute Informationen (§ 65 SGB VIII)',
  })
  entrustedNotes!: ReportEntrustedNoteView[];
  @ApiProperty({ type: [ReportMailView] }) mails!: ReportMailView[];
  @ApiProperty({ type: [AuditRowView], description: 'Wer was wann auf welche Einwilligung sah' })
  disclosures!: AuditRowView[];
}

export class AccessReportView implements AccessReport {
  @ApiProperty() generatedAt!: string;
  @ApiProperty({ type: StaffRefView }) generatedBy!: StaffRefView;
  @ApiProperty({ type: ReportInstitutionView }) jba!: ReportInstitutionView;
  @ApiProperty({ type: ReportPersonView }) person!: ReportPersonView;
  @ApiProperty({ type: [ReportPersonalDataView] }) personalData!: ReportPersonalDataView[];
  @ApiProperty({ type: [AccessReportCaseView] }) cases!: AccessReportCaseView[];
}
