/**
 * The JBA's durations as staff read and write them: a number and a unit ("14 Tage"), never
 * ISO-8601. The API keeps ISO-8601 (BPMN timers and FEEL read it); these pure functions convert.
 *
 * - Durations of timers (`P14D`, `PT12H`, `P1DT12H`): days or hours.
 * - Retention periods (`P30D`, `P6M`, `P3Y`): days, months or years.
 */

export type DurationUnit = 'D' | 'H';
export type PeriodUnit = 'D' | 'M' | 'Y';

export interface Amount<U extends string> {
  /** What the input shows: digits, or whatever was typed. */
  amount: string;
  unit: U;
}

export const DURATION_UNITS: Record<DurationUnit, { one: string; many: string }> = {
  D: { one: 'Tag', many: 'Tage' },
  H: { one: 'Stunde', many: 'Stunden' },
};

export const PERIOD_UNITS: Record<PeriodUnit, { one: string; many: string }> = {
  D: { one: 'Tag', many: 'Tage' },
  M: { one: 'Monat', many: 'Monate' },
  Y: { one: 'Jahr', many: 'Jahre' },
};

/** The largest number the API takes for either field. */
export const MAX_AMOUNT = 9999;

const ISO_DURATION = /^P(?:(\d+)D)?(?:T(\d+)H)?$/;

/** `P14D` → 14 Tage, `PT12H` → 12 Stunden, `P1DT12H` → 36 Stunden; unknown → as typed, days. */
export function durationToAmount(iso: string): Amount<DurationUnit> {
  const m = ISO_DURATION.exec(iso.trim().toUpperCase());
  if (!m || (m[1] === undefined && m[2] === undefined)) return { amount: iso, unit: 'D' };
  const days = Number(m[1] ?? 0);
  const hours = Number(m[2] ?? 0);
  if (hours === 0) return { amount: String(days), unit: 'D' };
  return { amount: String(days * 24 + hours), unit: 'H' };
}

/** A whole number from 1 to 9999, or null. */
export function parseAmount(amount: string): number | null {
  const v = amount.trim();
  if (!/^\d{1,4}$/.test(v)) return null;
  const n = Number(v);
  return n >= 1 && n <= MAX_AMOUNT ? n : null;
}

/**
 * 14 Tage → `P14D`, 12 Stunden → `PT12H`, 48 Stunden → `P2D`, 36 Stunden → `P1DT12H`
 * (what the API accepts: at most 9999 of each part); null when the amount is no valid number.
 */
export function amountToDuration({ amount, unit }: Amount<DurationUnit>): string | null {
  const n = parseAmount(amount);
  if (n === null) return null;
  if (unit === 'D') return `P${n}D`;
  if (n % 24 === 0) return `P${n / 24}D`;
  return n < 24 ? `PT${n}H` : `P${Math.floor(n / 24)}DT${n % 24}H`;
}

/** `P6M` → 6 Monate; unknown → as typed, days. */
export function periodToAmount(iso: string): Amount<PeriodUnit> {
  const m = /^P(\d+)([DMY])$/.exec(iso.trim().toUpperCase());
  return m ? { amount: m[1], unit: m[2] as PeriodUnit } : { amount: iso, unit: 'D' };
}

/** 6 Monate → `P6M`; null when the amount is no valid number. */
export function amountToPeriod({ amount, unit }: Amount<PeriodUnit>): string | null {
  const n = parseAmount(amount);
  return n === null ? null : `P${n}${unit}`;
}

function unitName(units: Record<string, { one: string; many: string }>, unit: string, n: number) {
  const names = units[unit];
  return n === 1 ? names.one : names.many;
}

/** "14 Tage", "1 Stunde", "36 Stunden" (for texts; the form shows number and unit apart). */
export function formatDuration(iso: string): string {
  const { amount, unit } = durationToAmount(iso);
  const n = parseAmount(amount);
  return n === null ? iso : `${n} ${unitName(DURATION_UNITS, unit, n)}`;
}

/** "6 Monate", "1 Jahr". */
export function formatPeriod(iso: string): string {
  const { amount, unit } = periodToAmount(iso);
  const n = parseAmount(amount);
  return n === null ? iso : `${n} ${unitName(PERIOD_UNITS, unit, n)}`;
}

/**
 * A message from the API with ISO-8601 durations in words: "(P12M, P1Y)" → "(12 Monate,
 * 1 Jahr)", "P14D" → "14 Tage", "PT12H" → "12 Stunden".
 */
export function humanizeDurations(message: string): string {
  return message.replace(/\bP(?:\d+[DMY]|\d+DT\d+H|T\d+H)\b/g, (iso) =>
    /^P\d+[MY]$/.test(iso) ? formatPeriod(iso) : formatDuration(iso),
  );
}

/**
 * A message of the API about a duration or retention field, for staff: the API explains its
 * ISO-8601 format ("muss eine Dauer wie P14D (Tage) … sein"), which the settings page never
 * shows (it sends numbers and units); any other duration in a message is put in words.
 */
export function settingsMessage(message: string): string {
  if (/muss eine (Dauer|Frist) wie P/.test(message)) {
    return `Bitte geben Sie eine ganze Zahl von 1 bis ${MAX_AMOUNT} ein.`;
  }
  return humanizeDurations(message);
}
