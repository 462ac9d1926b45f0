import { getHolidayByDate } from 'feiertagejs';
import { berlinParts, isoDateIn } from '@lotse/common';
import { FEDERAL_STATES, FederalState } from '@lotse/institution';

export type DateWarningCode = 'same-time-and-place' | 'weekend' | 'holiday';

export interface DateWarning {
  code: DateWarningCode;
  /** The request field the warning is about (`startsAt` or `place`). */
  field: string;
  message: string;
}

/**
 * Weekend and public holiday of a date in Germany: the holidays of the JBA's Bundesland, or
 * only the nationwide ones when the JBA names none. Pure, for unit tests.
 */
export function calendarWarnings(startsAt: Date, federalState: string | null): DateWarning[] {
  const warnings: DateWarning[] = [];
  const parts = berlinParts(startsAt);
  const [y, m, d] = isoDateIn(startsAt).split('-').map(Number);
  // feiertagejs compares local calendar days: a local noon of the Berlin date.
  const day = new Date(y, m - 1, d, 12);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  if (weekday === 0 || weekday === 6) {
    warnings.push({
      code: 'weekend',
      field: 'startsAt',
      message: `Der ${parts.date} ist ein ${parts.weekday}.`,
    });
  }
  const state =
    federalState && federalState in FEDERAL_STATES ? (federalState as FederalState) : null;
  const holiday = getHolidayByDate(
    day,
    (state ?? 'BUND') as Parameters<typeof getHolidayByDate>[1],
  );
  if (holiday) {
    const name = holiday.translate('de');
    warnings.push({
      code: 'holiday',
      field: 'startsAt',
      message: state
        ? `Der ${parts.date} ist ein Feiertag in ${FEDERAL_STATES[state]}: ${name}.`
        : `Der ${parts.date} ist ein bundesweiter Feiertag: ${name}.`,
    });
  }
  return warnings;
}
