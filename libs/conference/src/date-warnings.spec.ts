import { calendarWarnings } from './date-warnings';

describe('calendarWarnings', () => {
  it('names a weekend day', () => {
    const w = calendarWarnings(new Date('2027-03-13T09:00:00+01:00'), 'NW');
    expect(w).toEqual([
      { code: 'weekend', field: 'startsAt', message: 'Der 13.03.2027 ist ein Samstag.' },
    ]);
  });

  it("names a holiday of the JBA's Bundesland, in German", () => {
    const w = calendarWarnings(new Date('2027-11-01T09:00:00+01:00'), 'NW');
    expect(w.map((x) => x.message)).toEqual([
      'Der 01.11.2027 ist ein Feiertag in Nordrhein-Westfalen: Allerheiligen.',
    ]);
    // Not a holiday in Berlin; without a Bundesland only nationwide holidays count.
    expect(calendarWarnings(new Date('2027-11-01T09:00:00+01:00'), 'BE')).toEqual([]);
    expect(calendarWarnings(new Date('2027-11-01T09:00:00+01:00'), null)).toEqual([]);
    expect(
      calendarWarnings(new Date('2027-10-04T09:00:00+02:00'), null).map((x) => x.code),
    ).toEqual([]);
    expect(
      calendarWarnings(new Date('2027-12-25T09:00:00+01:00'), null).map((x) => x.message),
    ).toEqual([
      'Der 25.12.2027 ist ein Samstag.',
      'Der 25.12.2027 ist ein bundesweiter Feiertag: 1. Weihnachtstag.',
    ]);
  });

  it('counts the day in Germany, not in UTC', () => {
    // 23:30 UTC on a Tuesday is already Wednesday, 03.10.2029 (Tag der Deutschen Einheit).
    const w = calendarWarnings(new Date('2029-10-02T22:30:00Z'), 'NW');
    expect(w.map((x) => x.code)).toEqual(['holiday']);
  });

  it('is silent on an ordinary weekday', () => {
    expect(calendarWarnings(new Date('2027-03-10T09:30:00+01:00'), 'NW')).toEqual([]);
  });
});
