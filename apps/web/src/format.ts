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
