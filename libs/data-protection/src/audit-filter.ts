import type { FieldError } from '@lotse/common';

export const AUDIT_FORMATS = ['csv', 'json'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

/** What the query string of the audit extract says, checked. */
export interface AuditFilterInput {
  case?: string;
  staff?: string;
  from?: string;
  to?: string;
  format?: string;
}

export interface AuditFilter {
  caseKey: string | null;
  staffKey: string | null;
  /** `YYYY-MM-DD`, a calendar day in Germany, inclusive. */
  from: string | null;
  to: string | null;
  format: AuditFormat | null;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const GERMAN = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/** `YYYY-MM-DD` or `TT.MM.JJJJ` as `YYYY-MM-DD`; null when it is no real date. */
export function parseCalendarDate(text: string): string | null {
  const t = text.trim();
  let y: number, m: number, d: number;
  const iso = ISO.exec(t);
  const german = GERMAN.exec(t);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (german) [y, m, d] = [Number(german[3]), Number(german[2]), Number(german[1])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return null;
  if (y < 1900 || y > 9999) return null;
  return date.toISOString().slice(0, 10);
}

/** Checks the filters; every problem names its field. */
export function parseAuditFilter(q: AuditFilterInput): {
  filter: AuditFilter;
  errors: FieldError[];
} {
  const errors: FieldError[] = [];
  const text = (field: keyof AuditFilterInput, max: number): string | null => {
    const v = q[field]?.trim();
    if (!v) return null;
    if (v.length > max) {
      errors.push({ field, messages: [`${field} darf höchstens ${max} Zeichen lang sein`] });
      return null;
    }
    return v;
  };
  const date = (field: 'from' | 'to'): string | null => {
    const v = q[field]?.trim();
    if (!v) return null;
    const parsed = parseCalendarDate(v);
    if (!parsed)
      errors.push({
        field,
        messages: [`${field} muss ein Datum sein (TT.MM.JJJJ oder JJJJ-MM-TT)`],
      });
    return parsed;
  };
  const filter: AuditFilter = {
    caseKey: text('case', 100),
    staffKey: text('staff', 200),
    from: date('from'),
    to: date('to'),
    format: null,
  };
  if (filter.from && filter.to && filter.from > filter.to) {
    errors.push({ field: 'to', messages: ['to darf nicht vor from liegen'] });
  }
  const format = q.format?.trim();
  if (format) {
    if ((AUDIT_FORMATS as readonly string[]).includes(format))
      filter.format = format as AuditFormat;
    else errors.push({ field: 'format', messages: ['format muss csv oder json sein'] });
  }
  return { filter, errors };
}
