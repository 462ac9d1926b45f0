/** Dates as Lotse uses them: calendar dates are `YYYY-MM-DD` strings in Europe/Berlin. */

const BERLIN = 'Europe/Berlin';

/** Today's calendar date in Germany. */
export function todayIso(now: Date = new Date()): string {
  return isoDateIn(now, BERLIN);
}

/** The calendar date of an instant in a time zone, as `YYYY-MM-DD`. */
export function isoDateIn(instant: Date, timeZone = BERLIN): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
  return parts; // en-CA formats as YYYY-MM-DD
}

/** Full years between a birth date and a day (both `YYYY-MM-DD`). */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}

/** `DD.MM.YYYY`, the German way. */
export function germanDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return `${d}.${m}.${y}`;
}
