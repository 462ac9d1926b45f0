/** German formatting of the API's ISO timestamps and dates (shown in German local time). */

const TIME_ZONE = 'Europe/Berlin';

const dateTimeFormat = new Intl.DateTimeFormat('de-DE', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: TIME_ZONE,
});

const dateFormat = new Intl.DateTimeFormat('de-DE', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: TIME_ZONE,
});

const calendarDateFormat = new Intl.DateTimeFormat('de-DE', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: 'UTC',
});

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function parse(value: string): Date | null {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "05.03.2026 14:30" */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = parse(value);
  if (!date) return value;
  const parts = Object.fromEntries(
    dateTimeFormat.formatToParts(date).map((part) => [part.type, part.value]),
  );
  return `${parts.day}.${parts.month}.${parts.year} ${parts.hour}:${parts.minute}`;
}

/** "05.03.2026"; a calendar date ("2026-03-05") is shown as is, without time zone shifts. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  if (DATE_ONLY.test(value)) {
    const date = parse(`${value}T00:00:00Z`);
    return date ? calendarDateFormat.format(date) : value;
  }
  const date = parse(value);
  return date ? dateFormat.format(date) : value;
}

const GRANTORS: Record<string, string> = {
  self: 'jungen Menschen selbst',
  guardian: 'Erziehungsberechtigte',
};

export function grantorLabel(grantedBy: string): string {
  return GRANTORS[grantedBy] ?? grantedBy;
}

export function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString('de-DE')} ${count === 1 ? one : many}`;
}

const weekdayFormat = new Intl.DateTimeFormat('de-DE', { weekday: 'long', timeZone: TIME_ZONE });

const timeFormat = new Intl.DateTimeFormat('de-DE', {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: TIME_ZONE,
});

/** "Dienstag, 10.03.2026" */
export function formatWeekdayDate(value: string | null | undefined): string {
  if (!value) return '—';
  const date = parse(value);
  if (!date) return value;
  return `${weekdayFormat.format(date)}, ${dateFormat.format(date)}`;
}

/** "14:30" */
export function formatTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = parse(value);
  return date ? timeFormat.format(date) : value;
}

/** "14:00–16:00" */
export function formatTimeRange(start: string, end: string | null | undefined): string {
  return end ? `${formatTime(start)}–${formatTime(end)}` : formatTime(start);
}

// ---------------------------------------------------------------------------------------------
// Local date and time in Germany (form inputs "2027-03-10" + "14:00" ⇄ ISO timestamps)
// ---------------------------------------------------------------------------------------------

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const TIME = /^(\d{2}):(\d{2})$/;

/** Calendar date, time and UTC offset of an instant in Europe/Berlin. */
const berlinPartsFormat = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: TIME_ZONE,
  timeZoneName: 'longOffset',
});

function berlinParts(instant: number): Record<string, string> {
  return Object.fromEntries(
    berlinPartsFormat.formatToParts(new Date(instant)).map((part) => [part.type, part.value]),
  );
}

/** Offset of Europe/Berlin from UTC at an instant, in minutes ("GMT+02:00" → 120). */
function offsetMinutesAt(instant: number): number {
  const match = /^GMT(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$/.exec(berlinParts(instant).timeZoneName);
  if (!match || !match[1]) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}

/** The wall-clock reading "date time" as if it were UTC, in ms; null for invalid input. */
function wallClockMs(date: string, time: string): number | null {
  const day = DATE_ONLY.test(date) ? date.split('-').map(Number) : null;
  const clock = TIME.exec(time);
  if (!day || !clock) return null;
  const [year, month, dayOfMonth] = day;
  const [hour, minute] = [Number(clock[1]), Number(clock[2])];
  if (hour > 23 || minute > 59) return null;
  const ms = Date.UTC(year, month - 1, dayOfMonth, hour, minute);
  // Date.UTC rolls 2027-02-30 over into March: such a date does not exist.
  return new Date(ms).toISOString().slice(0, 10) === date ? ms : null;
}

/** The offsets that fit a wall-clock reading: none in the spring gap, two in the autumn overlap. */
function fittingOffsets(local: number): { before: number; fitting: number[] } {
  // A day before and after, the offsets on both sides of a possible change of the clocks.
  const before = offsetMinutesAt(local - DAY_MS);
  const after = offsetMinutesAt(local + DAY_MS);
  const candidates = before === after ? [before] : [before, after];
  const fitting = candidates.filter(
    (offset) => offsetMinutesAt(local - offset * MINUTE_MS) === offset,
  );
  return { before, fitting };
}

/**
 * Whether a local date and time exists in Germany; on the day clocks go forward (last Sunday in
 * March) 02:00–02:59 does not.
 */
export function berlinTimeExists(date: string, time: string): boolean {
  const local = wallClockMs(date, time);
  return local !== null && fittingOffsets(local).fitting.length > 0;
}

/**
 * The UTC offset of Europe/Berlin for a local date ("2027-03-10") and time ("14:00"), in
 * minutes (60 in winter, 120 in summer). When clocks go back, 02:00–02:59 happens twice: this
 * is the first time (summer time). In the gap when clocks go forward, the time is read with the
 * offset before the change (02:30 → 03:30 summer time), as Temporal's "compatible" does.
 */
export function berlinOffsetMinutes(date: string, time: string): number | null {
  const local = wallClockMs(date, time);
  if (local === null) return null;
  const { before, fitting } = fittingOffsets(local);
  return fitting.length ? Math.max(...fitting) : before;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** "+01:00" / "+02:00" */
function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Local date and time in Germany as ISO timestamp: "2027-03-10T14:00:00+01:00"; null if invalid. */
export function toBerlinIso(date: string, time: string): string | null {
  const offset = berlinOffsetMinutes(date, time);
  if (offset === null) return null;
  return `${date}T${time}:00${offsetText(offset)}`;
}

/** An ISO timestamp as local date and time in Germany: { date: "2027-03-10", time: "14:00" }. */
export function toBerlinLocal(value: string): { date: string; time: string } | null {
  const date = parse(value);
  if (!date) return null;
  const parts = berlinParts(date.getTime());
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
  };
}

/** The current year in Germany. */
export function currentBerlinYear(): number {
  return Number(berlinParts(Date.now()).year);
}

/** A calendar date ("2027-03-10") moved by whole days; '' for an invalid date. */
export function addDays(date: string, days: number): string {
  const start = wallClockMs(date, '00:00');
  if (start === null) return '';
  return new Date(start + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from one calendar date to another (negative if `to` is earlier); null if invalid. */
export function daysBetween(from: string, to: string): number | null {
  const a = wallClockMs(from, '00:00');
  const b = wallClockMs(to, '00:00');
  return a === null || b === null ? null : Math.round((b - a) / DAY_MS);
}

/** Today's calendar date in Germany: "2027-03-10". */
export function berlinToday(): string {
  const parts = berlinParts(Date.now());
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Full years of a person born on `birthDate` on the day `on` (both "2027-03-10"); null if invalid. */
export function ageOn(birthDate: string, on: string): number | null {
  if (wallClockMs(birthDate, '00:00') === null || wallClockMs(on, '00:00') === null) return null;
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  const age = y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
  return age >= 0 ? age : null;
}
