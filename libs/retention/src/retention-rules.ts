/**
 * The pure rules of retention (Löschfristen): which category a case falls in, how a period
 * reads, and when something is due. No database, no clock: the sweep passes the engine's time.
 */

/** What a JBA keeps for how long; the keys are the JBA settings' names. */
export enum RetentionCategory {
  /** Cases ended as ineligible or without consent (no case conference took place). */
  ENDED_WITHOUT_CASE = 'ended-without-case',
  /** Cases closed with an outcome after the follow-up. */
  CLOSED = 'closed',
  /** Cases closed because the consent was revoked. */
  AFTER_REVOCATION = 'after-revocation',
  /** Addresses, parameters and attachments of sent (or withheld, failed) mails. */
  MAIL_CONTENTS = 'mail-contents',
  /** The audit log. */
  AUDIT = 'audit',
}

export const RETENTION_CATEGORY_LABELS: Record<RetentionCategory, string> = {
  [RetentionCategory.ENDED_WITHOUT_CASE]: 'Fälle ohne Zielgruppe oder ohne Einwilligung beendet',
  [RetentionCategory.CLOSED]: 'Abgeschlossene Fälle (nach der Nachverfolgung)',
  [RetentionCategory.AFTER_REVOCATION]: 'Nach Widerruf beendete Fälle',
  [RetentionCategory.MAIL_CONTENTS]: 'Inhalte versandter E-Mails',
  [RetentionCategory.AUDIT]: 'Protokoll der Zugriffe (Audit)',
};

/** The case categories (the others are not per case). */
export type CaseCategory =
  | RetentionCategory.ENDED_WITHOUT_CASE
  | RetentionCategory.CLOSED
  | RetentionCategory.AFTER_REVOCATION;

/** A retention period: an ISO-8601 period of one unit, `P30D`, `P6M`, `P3Y`. */
export const RETENTION_PERIOD = /^P([1-9]\d{0,3})([DMY])$/;

export interface Period {
  amount: number;
  unit: 'D' | 'M' | 'Y';
}

export function parsePeriod(text: string): Period {
  const m = RETENTION_PERIOD.exec(text);
  if (!m) throw new RangeError(`not a retention period: ${text}`);
  return { amount: Number(m[1]), unit: m[2] as Period['unit'] };
}

/** Roughly how many days a period spans (for lower and upper bounds in the settings). */
export function periodDays(text: string): number {
  const p = parsePeriod(text);
  return p.unit === 'D' ? p.amount : p.unit === 'M' ? p.amount * 30.44 : p.amount * 365.25;
}

/**
 * `from` plus the period, in calendar terms (UTC): a month later than 31 January is the last
 * day of February, a year after 29 February is 28 February; days are 24 hours.
 */
export function addPeriod(from: Date, text: string): Date {
  const p = parsePeriod(text);
  if (p.unit === 'D') return new Date(from.getTime() + p.amount * 86_400_000);
  const months = p.unit === 'M' ? p.amount : p.amount * 12;
  const d = new Date(from.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

/** The retention category of a case by its status; null while the case is open (never due). */
export function caseCategory(status: string): CaseCategory | null {
  switch (status) {
    case 'ineligible':
    case 'no-consent':
      return RetentionCategory.ENDED_WITHOUT_CASE;
    case 'closed':
      return RetentionCategory.CLOSED;
    case 'consent-revoked':
      return RetentionCategory.AFTER_REVOCATION;
    default:
      return null;
  }
}

/** When something that ended at `endedAt` is due for erasure under `period`. */
export function dueAt(endedAt: Date, period: string): Date {
  return addPeriod(endedAt, period);
}

/** Whether it is due at `now` (the period has fully passed). */
export function isDue(endedAt: Date, period: string, now: Date): boolean {
  return dueAt(endedAt, period).getTime() <= now.getTime();
}

/** The statuses of a case during which a retention duty forbids erasure (conference, follow-up). */
export const OPEN_CASE_STATUSES: ReadonlySet<string> = new Set([
  'awaiting-conference',
  'scheduled',
  'discussed',
  'follow-up',
]);

/**
 * Whether an erasure request (Art. 17 DSGVO) can be carried out now, and if not, the duty that
 * stands against it. Before a consent exists (received, awaiting consent) there is no case to
 * keep; ended cases are erased on request.
 */
export function erasureBlocker(status: string, statusLabel: string): string | null {
  if (!OPEN_CASE_STATUSES.has(status)) return null;
  return (
    `Der Fall ist noch offen (${statusLabel}): Solange Fallkonferenz oder Nachverfolgung laufen, ` +
    'werden die Daten zur Erfüllung der Aufgabe gebraucht (Art. 17 Abs. 3 lit. b DSGVO, ' +
    '§ 84 Abs. 2 SGB X). Der Antrag ist zurückgestellt; gelöscht wird, wenn der Fall ' +
    'abgeschlossen oder die Einwilligung widerrufen ist.'
  );
}

/** Settings defaults, justified in docs/datenschutz.md (section Löschfristen). */
export const RETENTION_DEFAULTS = {
  retentionEndedWithoutCase: 'P6M',
  retentionClosed: 'P3Y',
  retentionAfterRevocation: 'P30D',
  retentionMailContents: 'P90D',
  retentionAudit: 'P2Y',
} as const;

/** The audit may not be pruned younger than this (audit_prune refuses it, too). */
export const MIN_AUDIT_RETENTION_DAYS = 365;

/** First day (UTC) of the month of a date, `YYYY-MM-01`: the statistics' period. */
export function monthOf(date: Date | string): string {
  const d = typeof date === 'string' ? new Date(`${date.slice(0, 10)}T00:00:00Z`) : date;
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-01`;
}
