import {
  addPeriod,
  caseCategory,
  dueAt,
  erasureBlocker,
  isDue,
  monthOf,
  parsePeriod,
  periodDays,
  RetentionCategory,
} from './retention-rules';

const at = (iso: string) => new Date(iso);

describe('retention periods', () => {
  it('read one unit of days, months or years, and nothing else', () => {
    expect(parsePeriod('P30D')).toEqual({ amount: 30, unit: 'D' });
    expect(parsePeriod('P6M')).toEqual({ amount: 6, unit: 'M' });
    expect(parsePeriod('P3Y')).toEqual({ amount: 3, unit: 'Y' });
    for (const bad of ['P0D', 'P1Y6M', 'PT12H', '30', 'P-1D', 'P12W', '']) {
      expect(() => parsePeriod(bad)).toThrow(RangeError);
    }
  });

  it('add days as 24 hours and months and years by the calendar', () => {
    expect(addPeriod(at('2026-01-10T08:00:00Z'), 'P30D').toISOString()).toBe(
      '2026-02-09T08:00:00.000Z',
    );
    expect(addPeriod(at('2026-06-15T12:00:00Z'), 'P6M').toISOString()).toBe(
      '2026-12-15T12:00:00.000Z',
    );
    // the end of a shorter month, not an overflow into the next one
    expect(addPeriod(at('2026-01-31T10:00:00Z'), 'P1M').toISOString()).toBe(
      '2026-02-28T10:00:00.000Z',
    );
    expect(addPeriod(at('2028-02-29T10:00:00Z'), 'P1Y').toISOString()).toBe(
      '2029-02-28T10:00:00.000Z',
    );
    expect(addPeriod(at('2026-12-01T00:00:00Z'), 'P3Y').toISOString()).toBe(
      '2029-12-01T00:00:00.000Z',
    );
  });

  it('span roughly this many days (for the settings bounds)', () => {
    expect(periodDays('P90D')).toBe(90);
    expect(Math.round(periodDays('P12M'))).toBe(365);
    expect(Math.round(periodDays('P2Y'))).toBe(731);
  });
});

describe('when a case is due', () => {
  it('falls in a category by its final status; open cases never are', () => {
    expect(caseCategory('ineligible')).toBe(RetentionCategory.ENDED_WITHOUT_CASE);
    expect(caseCategory('no-consent')).toBe(RetentionCategory.ENDED_WITHOUT_CASE);
    expect(caseCategory('closed')).toBe(RetentionCategory.CLOSED);
    expect(caseCategory('consent-revoked')).toBe(RetentionCategory.AFTER_REVOCATION);
    for (const open of [
      'received',
      'awaiting-consent',
      'awaiting-conference',
      'scheduled',
      'discussed',
      'follow-up',
    ]) {
      expect(caseCategory(open)).toBeNull();
    }
  });

  it('is due once the whole period since its end has passed, not a moment before', () => {
    const ended = at('2026-03-31T09:30:00Z');
    expect(dueAt(ended, 'P6M').toISOString()).toBe('2026-09-30T09:30:00.000Z');
    expect(isDue(ended, 'P6M', at('2026-09-30T09:29:59Z'))).toBe(false);
    expect(isDue(ended, 'P6M', at('2026-09-30T09:30:00Z'))).toBe(true);
    expect(isDue(ended, 'P30D', at('2026-04-30T09:30:00Z'))).toBe(true);
    expect(isDue(ended, 'P30D', at('2026-04-30T09:29:00Z'))).toBe(false);
  });
});

describe('erasure requests', () => {
  it('wait while conference or follow-up run, and name the duty', () => {
    for (const open of ['awaiting-conference', 'scheduled', 'discussed', 'follow-up']) {
      const why = erasureBlocker(open, 'In Nachverfolgung');
      expect(why).toContain('Der Fall ist noch offen (In Nachverfolgung)');
      expect(why).toContain('Art. 17 Abs. 3 lit. b DSGVO');
      expect(why).toContain('§ 84 Abs. 2 SGB X');
    }
  });

  it('are carried out for ended cases and before any consent exists', () => {
    for (const s of [
      'closed',
      'ineligible',
      'no-consent',
      'consent-revoked',
      'received',
      'awaiting-consent',
    ]) {
      expect(erasureBlocker(s, s)).toBeNull();
    }
  });
});

describe('statistics period', () => {
  it('is the month of the referral', () => {
    expect(monthOf('2026-11-30')).toBe('2026-11-01');
    expect(monthOf(at('2027-01-01T00:00:00Z'))).toBe('2027-01-01');
  });
});
