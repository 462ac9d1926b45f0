/** Dates as Lotse uses them: calendar dates are `YYYY-MM-DD` strings in Europe/Berlin. */

const BERLIN = 'Europe/Berlin';

/** Today's calendar date in Germany. */
export function todayIso(now: Date = new Date()): string {
  return isoDateIn(now, BERLIN);
}

/** The calendar date of an instant in a time zone, as `YYYY-MM-DD`. */
const isoDateFormats = new Map<string, Intl.DateTimeFormat>();

export function isoDateIn(instant: Date, timeZone = BERLIN): string {
  let format = isoDateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    isoDateFormats.set(timeZone, format);
  }
  return format.format(instant); // en-CA formats as YYYY-MM-DD
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

/** Date and time of an instant as people in Germany read them. */
export function berlinParts(instant: Date): { date: string; time: string; weekday: string } {
  const f = (o: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat('de-DE', { timeZone: BERLIN, ...o }).format(instant);
  return {
    date: f({ day: '2-digit', month: '2-digit', year: 'numeric' }),
    time: f({ hour: '2-digit', minute: '2-digit', hour12: false }),
    weekday: f({ weekday: 'long' }),
  };
}

/** The calendar year of an instant in Germany. */
export function berlinYear(instant: Date): number {
  return Number(isoDateIn(instant).slice(0, 4));
}

/**
 * Milliseconds of an ISO-8601 duration of days, weeks, hours and minutes (`P28D`, `P4W`,
 * `PT36H`, `P1DT12H`); months and years are refused, they have no fixed length.
 */
export function durationMs(iso: string): number {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso);
  if (!m || iso === 'P' || iso.endsWith('T')) throw new Error(`unsupported duration "${iso}"`);
  const [, w = '0', d = '0', h = '0', min = '0'] = m;
  return ((Number(w) * 7 + Number(d)) * 24 * 60 + Number(h) * 60 + Number(min)) * 60_000;
}

/**
 * The BPMN timer cycle of reminders every `interval` until `deadline`: only the reminders due
 * strictly before the deadline (P14D within P56D: days 14, 28, 42 → `R3/P14D`), so that no
 * reminder races the deadline that ends the wait.
 */
export function reminderCycle(interval: string, deadline: string): string {
  const n = Math.ceil(durationMs(deadline) / durationMs(interval)) - 1;
  return `R${Math.max(1, n)}/${interval}`;
}

/** 08:00 in Germany on a calendar date (`YYYY-MM-DD`): when a day's follow-up falls due. */
export function berlinMorning(isoDate: string): Date {
  for (const utcHour of [7, 6]) {
    const candidate = new Date(`${isoDate}T0${utcHour}:00:00.000Z`);
    if (berlinParts(candidate).time === '08:00') return candidate;
  }
  throw new Error(`no 08:00 in Europe/Berlin on ${isoDate}`);
}
