import { ageOn, berlinParts, durationMs, germanDate, isoDateIn, reminderCycle } from './dates';

describe('dates', () => {
  it('counts full years', () => {
    expect(ageOn('2008-06-01', '2026-05-31')).toBe(17);
    expect(ageOn('2008-06-01', '2026-06-01')).toBe(18);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });

  it('takes the calendar day in Germany, not in UTC', () => {
    expect(isoDateIn(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(isoDateIn(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
  });

  it('formats the German way', () => {
    expect(germanDate('2026-03-04')).toBe('04.03.2026');
  });
});

describe('berlinParts and durationMs', () => {
  it('formats instants in German time, also across daylight saving', () => {
    expect(berlinParts(new Date('2027-03-10T08:30:00Z'))).toEqual({
      date: '10.03.2027',
      time: '09:30',
      weekday: 'Mittwoch',
    });
    expect(berlinParts(new Date('2027-07-10T08:30:00Z')).time).toBe('10:30');
  });

  it('reads ISO durations of days, weeks and hours', () => {
    expect(durationMs('P28D')).toBe(28 * 86_400_000);
    expect(durationMs('P4W')).toBe(28 * 86_400_000);
    expect(durationMs('P1DT12H')).toBe(36 * 3_600_000);
    expect(() => durationMs('P1M')).toThrow('unsupported');
    expect(() => durationMs('P')).toThrow('unsupported');
  });
});

describe('reminderCycle', () => {
  it('repeats the reminder only while it comes before the deadline', () => {
    expect(reminderCycle('P14D', 'P56D')).toBe('R3/P14D');
    expect(reminderCycle('P14D', 'P57D')).toBe('R4/P14D');
    expect(reminderCycle('PT12H', 'P2D')).toBe('R3/PT12H');
    expect(reminderCycle('P10D', 'P14D')).toBe('R1/P10D');
  });
});
