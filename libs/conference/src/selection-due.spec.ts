import { selectionDueAt } from './conference.service';

const at = (iso: string) => new Date(iso);

describe('selectionDueAt', () => {
  it('is three days after the referral deadline when the date is far enough ahead', () => {
    expect(
      selectionDueAt(at('2027-03-01T10:00:00Z'), at('2027-03-12T08:00:00Z')).toISOString(),
    ).toBe('2027-03-04T10:00:00.000Z');
  });

  it('is a day before the date when the deadline is close to it', () => {
    expect(
      selectionDueAt(at('2027-03-10T10:00:00Z'), at('2027-03-12T08:00:00Z')).toISOString(),
    ).toBe('2027-03-11T08:00:00.000Z');
  });

  it('is the deadline itself when the date follows within a day (never after the date)', () => {
    const deadline = at('2027-03-12T07:30:00Z');
    const starts = at('2027-03-12T08:00:00Z');
    expect(selectionDueAt(deadline, starts).toISOString()).toBe(deadline.toISOString());
    expect(selectionDueAt(deadline, starts).getTime()).toBeLessThan(starts.getTime());
  });
});
