import { berlinParts, isoDateIn } from '@lotse/common';

/** The hour (Europe/Berlin) from which the day's digest goes out. */
export const DIGEST_HOUR = 7;

/** Whether the daily digest of the Berlin day of `now` is due (from 07:00 German time). */
export function digestDue(now: Date): boolean {
  return Number(berlinParts(now).time.slice(0, 2)) >= DIGEST_HOUR;
}

/** The Berlin calendar day the digest of `now` belongs to (its idempotency key). */
export function digestDay(now: Date): string {
  return isoDateIn(now);
}

/** A due date as the mails print it: `04.03.2027, 09:30 Uhr` (German time). */
export function germanDueOn(due: Date | string | null): string | null {
  if (!due) return null;
  const p = berlinParts(new Date(due));
  return `${p.date}, ${p.time} Uhr`;
}

/** Due within the next 24 hours, or already overdue, at `now`; null when neither. */
export function reminderKind(due: Date | null, now: Date): 'due-soon' | 'overdue' | null {
  if (!due) return null;
  if (due.getTime() < now.getTime()) return 'overdue';
  if (due.getTime() < now.getTime() + 24 * 3600 * 1000) return 'due-soon';
  return null;
}
