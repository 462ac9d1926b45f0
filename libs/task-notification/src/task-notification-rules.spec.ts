import { digestDay, digestDue, germanDueOn, reminderKind } from './task-notification-rules';

describe('task notification rules', () => {
  it('sends the digest from 07:00 German time, also across daylight saving', () => {
    expect(digestDue(new Date('2027-01-10T05:59:00Z'))).toBe(false); // 06:59 CET
    expect(digestDue(new Date('2027-01-10T06:00:00Z'))).toBe(true); // 07:00 CET
    expect(digestDue(new Date('2027-07-10T04:59:00Z'))).toBe(false); // 06:59 CEST
    expect(digestDue(new Date('2027-07-10T05:00:00Z'))).toBe(true); // 07:00 CEST
  });

  it('keys the digest by the German calendar day', () => {
    expect(digestDay(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });

  it('prints due dates in German time', () => {
    expect(germanDueOn(new Date('2027-03-10T08:30:00Z'))).toBe('10.03.2027, 09:30 Uhr');
    expect(germanDueOn(null)).toBeNull();
  });

  it('tells due soon from overdue', () => {
    const now = new Date('2027-03-10T08:00:00Z');
    expect(reminderKind(new Date('2027-03-10T07:59:00Z'), now)).toBe('overdue');
    expect(reminderKind(new Date('2027-03-11T07:59:00Z'), now)).toBe('due-soon');
    expect(reminderKind(new Date('2027-03-11T08:00:00Z'), now)).toBeNull();
    expect(reminderKind(null, now)).toBeNull();
  });
});
