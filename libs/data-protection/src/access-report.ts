import type { AuditRow } from './audit-csv';

/** Who did something, as staff see it. */
export interface StaffRef {
  id: string;
  username: string;
  displayName: string;
}

/**
 * Auskunft nach Art. 15 DSGVO / § 83 SGB X on one young person of the JBA: what Lotse stores,
 * from whom, who received what when on which consent. German labels beside the stored codes.
 */
export interface AccessReport {
  generatedAt: string;
  generatedBy: StaffRef;
  jba: { id: string; name: string };
  person: { firstName: string; lastName: string; birthDate: string };
  /** Each stored record of the person's data (one per referral; they may differ). */
  personalData: Array<{
    id: string;
    recordedAt: string;
    caseReferences: string[];
    fields: Array<{ label: string; value: string }>;
  }>;
  cases: AccessReportCase[];
}

export interface AccessReportCase {
  id: string;
  reference: string;
  status: string;
  statusLabel: string;
  statusReason: string | null;
  outcome: string | null;
  referredOn: string;
  receivedAt: string;
  referringInstitution: { id: string; name: string };
  referredBy: StaffRef | null;
  shortDescription: string;
  youngPersonAttends: boolean;
  guardianAttends: boolean;
  consents: Array<{
    id: string;
    grantedBy: string;
    grantedByLabel: string;
    signedOn: string;
    guardianNames: string[];
    recipients: Array<{ id: string; name: string }>;
    purposes: string[];
    purposeLabels: string[];
    recordedAt: string;
    recordedBy: StaffRef | null;
    revokedAt: string | null;
    /** The day the young person (or guardian) declared the revocation, and why, if said. */
    revocationDeclaredOn: string | null;
    revocationReason: string | null;
    valid: boolean;
    validity: string;
    /** SHA-256 of the scan; null for a consent kept on paper only (`paperOnlyReason`). */
    documentHash: string | null;
    paperOnlyReason: string | null;
  }>;
  protocols: Array<{
    id: string;
    conferenceStartsAt: string | null;
    state: string;
    versions: Array<{
      version: number;
      finalizedAt: string;
      finalizedByName: string;
      correctionReason: string | null;
      pdfSha256: string;
      situation: string;
      goals: string[];
      measures: Array<{ title: string; institution: string; dueOn: string }>;
      deliveries: Array<{ institution: string; status: string; detail: string; at: string }>;
      downloads: Array<{ at: string; institution: string; user: string }>;
    }>;
  }>;
  /** Information entrusted to the Jugendamt (§ 65 SGB VIII) about the person, with who holds it. */
  entrustedNotes: Array<{ institution: string; recordedAt: string; text: string }>;
  mails: Array<{
    id: string;
    createdAt: string;
    sentAt: string | null;
    template: string;
    templateLabel: string;
    recipientKind: string;
    recipient: string;
    status: string;
    statusLabel: string;
  }>;
  /** Who saw or received what, when, on which consent (the audit of the case). */
  disclosures: AuditRow[];
}
