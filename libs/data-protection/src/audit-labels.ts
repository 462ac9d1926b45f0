import { AuditAction } from '@lotse/audit';

/**
 * What each audit action means, in German, as the data protection officer reads it. A
 * `Record` over the enum: a new action without a label does not compile.
 */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  [AuditAction.PERSONAL_DATA_READ]: 'Personenbezogene Daten abgerufen',
  [AuditAction.PERSONAL_DATA_MAILED]: 'Personenbezogene Daten per E-Mail übermittelt',
  [AuditAction.CONSENT_RECORDED]: 'Einwilligung erfasst',
  [AuditAction.CONSENT_REVOKED]: 'Einwilligung widerrufen',
  [AuditAction.REFERRAL_FILED]: 'Fallmeldung abgegeben',
  [AuditAction.TASK_COMPLETED]: 'Aufgabe abgeschlossen',
  [AuditAction.TASK_CLAIMED]: 'Aufgabe übernommen',
  [AuditAction.TASK_UNCLAIMED]: 'Aufgabe zurückgegeben',
  [AuditAction.TASK_ASSIGNED]: 'Aufgabe zugewiesen',
  [AuditAction.ACCOUNT_CHANGED]: 'Konto angelegt oder geändert',
  [AuditAction.SETTINGS_CHANGED]: 'Einstellungen der JBA geändert',
  [AuditAction.CONFERENCE_CHANGED]: 'Termin geplant, verschoben oder abgesagt',
  [AuditAction.PROTOCOL_DOWNLOADED]: 'Protokoll heruntergeladen',
  [AuditAction.PROTOCOL_SENT]: 'Protokoll versandt',
  [AuditAction.EXISTING_CASES_CHECKED]: 'Nach bestehenden Fällen gesucht',
  [AuditAction.MAIL_WITHHELD]: 'E-Mail zurückgehalten (Einwilligung)',
  [AuditAction.ACCESS_REPORT_CREATED]: 'Auskunft (Art. 15 DSGVO) erstellt',
  [AuditAction.AUDIT_EXPORTED]: 'Protokollauszug heruntergeladen',
  [AuditAction.DATA_ERASED]: 'Daten gelöscht oder anonymisiert',
};

/** The label of an action as stored (an unknown value, e.g. from a newer version, as is). */
export function auditActionLabel(action: string): string {
  return (AUDIT_ACTION_LABELS as Record<string, string>)[action] ?? action;
}

/** German names of the keys the audit's `detail` uses (ids and outcomes only). */
const DETAIL_LABELS: Record<string, string> = {
  where: 'Ansicht',
  basis: 'Grundlage',
  youngPersonId: 'Junger Mensch (Id)',
  referringInstitutionId: 'Meldende Stelle (Id)',
  template: 'E-Mail-Vorlage',
  change: 'Änderung',
  changes: 'Änderungen',
  reason: 'Grund',
  conferenceId: 'Fallkonferenz',
  protocolId: 'Protokoll',
  protocolVersionId: 'Protokollversion',
  version: 'Version',
  taskId: 'Aufgabe',
  elementId: 'Prozessschritt',
  accountId: 'Konto',
  notificationId: 'E-Mail',
  recipientKind: 'Empfänger',
  jbaId: 'JBA',
  format: 'Format',
  filter: 'Filter',
  rows: 'Zeilen',
};

/** `detail` as one line: "Ansicht: case-view; Fallkonferenz: 3f…". */
export function auditDetailText(detail: Record<string, unknown> | null | undefined): string {
  if (!detail) return '';
  return Object.entries(detail)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(
      ([k, v]) =>
        `${DETAIL_LABELS[k] ?? k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`,
    )
    .join('; ');
}
