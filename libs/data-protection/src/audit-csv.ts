import { germanDate, isoDateIn } from '@lotse/common';

/** One row of the audit as the data protection officer sees it (page, CSV and JSON alike). */
export interface AuditRow {
  id: string;
  /** ISO instant */
  at: string;
  action: string;
  actionLabel: string;
  actor: { id: string; username: string; displayName: string } | null;
  /** The institution that received the data (the user's, or a mail's recipient). */
  institution: { id: string; name: string } | null;
  case: { id: string; reference: string } | null;
  consent: { id: string; signedOn: string } | null;
  details: string;
}

export const AUDIT_CSV_COLUMNS = [
  'Zeitpunkt',
  'Aktion',
  'Mitarbeiter*in',
  'Institution',
  'Fall',
  'Einwilligung',
  'Details',
] as const;

const BOM = '\uFEFF';

/** A CSV field for German Excel: `;` separated, quoted when needed, formulas defused. */
export function csvField(value: string): string {
  // A cell starting with = + - @ would be run as a formula by a spreadsheet (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[";\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** "05.03.2026 14:30:07" in German local time. */
export function germanDateTime(iso: string): string {
  const d = new Date(iso);
  const time = new Intl.DateTimeFormat('de-DE', {
    timeZone: 'Europe/Berlin',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(d);
  return `${germanDate(isoDateIn(d))} ${time}`;
}

export function auditCsvCells(r: AuditRow): string[] {
  return [
    germanDateTime(r.at),
    r.actionLabel,
    r.actor ? `${r.actor.displayName} (${r.actor.username})` : 'System',
    r.institution?.name ?? '',
    r.case?.reference ?? '',
    r.consent ? `vom ${germanDate(r.consent.signedOn)} (${r.consent.id})` : '',
    r.details,
  ];
}

/** The audit as CSV: UTF-8 with BOM, a header row, `;` between fields, CRLF between rows. */
export function auditCsv(rows: readonly AuditRow[]): string {
  const lines = [
    AUDIT_CSV_COLUMNS.join(';'),
    ...rows.map((r) => auditCsvCells(r).map(csvField).join(';')),
  ];
  return BOM + lines.join('\r\n') + '\r\n';
}
