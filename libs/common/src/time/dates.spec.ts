import { ageOn, germanDate, isoDateIn } from './dates';

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
