import { engineDate } from '../workers/case-referral.workers';
import { lastDayAsMinor } from './majority-review.service';

describe('lastDayAsMinor', () => {
  it('is the day before the 18th birthday', () => {
    expect(lastDayAsMinor('2008-06-10')).toBe('2026-06-09');
    expect(lastDayAsMinor('2008-01-01')).toBe('2025-12-31');
  });

  it('takes 1 March as the birthday of a 29 February child in a common year', () => {
    expect(lastDayAsMinor('2008-02-29')).toBe('2026-02-28');
  });
});

describe('engineDate', () => {
  it("reads the engine's date format and ISO strings as a UTC day", () => {
    expect(engineDate('2026-12-01T05:00:00.000+0000')).toBe('2026-12-01');
    expect(engineDate('2026-12-01T00:30:00.000+0100')).toBe('2026-11-30');
    expect(engineDate('2026-12-01T05:00:00.000Z')).toBe('2026-12-01');
  });

  it('refuses what is not a date', () => {
    expect(() => engineDate('gestern')).toThrow(/not a date/);
  });
});
