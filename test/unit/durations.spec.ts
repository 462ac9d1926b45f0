import {
  amountToDuration,
  amountToPeriod,
  durationToAmount,
  formatDuration,
  formatPeriod,
  humanizeDurations,
  periodToAmount,
  settingsMessage,
} from '../../apps/web/src/durations';

describe('durations of the JBA settings, as staff read them', () => {
  it.each([
    ['P14D', { amount: '14', unit: 'D' }, '14 Tage'],
    ['P1D', { amount: '1', unit: 'D' }, '1 Tag'],
    ['PT12H', { amount: '12', unit: 'H' }, '12 Stunden'],
    ['PT1H', { amount: '1', unit: 'H' }, '1 Stunde'],
    ['P1DT12H', { amount: '36', unit: 'H' }, '36 Stunden'],
  ])('shows %s as number and unit', (iso, amount, text) => {
    expect(durationToAmount(iso)).toEqual(amount);
    expect(formatDuration(iso)).toBe(text);
  });

  it.each([
    [{ amount: '21', unit: 'D' as const }, 'P21D'],
    [{ amount: ' 7 ', unit: 'D' as const }, 'P7D'],
    [{ amount: '12', unit: 'H' as const }, 'PT12H'],
    [{ amount: '48', unit: 'H' as const }, 'P2D'],
    [{ amount: '36', unit: 'H' as const }, 'P1DT12H'],
  ])('writes %j as %s for the API', (amount, iso) => {
    expect(amountToDuration(amount)).toBe(iso);
    expect(amountToDuration(durationToAmount(iso))).toBe(iso);
  });

  it.each(['', '0', '-3', '1,5', 'zwei', '10000', 'P14D'])('refuses %j as amount', (amount) => {
    expect(amountToDuration({ amount, unit: 'D' })).toBeNull();
    expect(amountToPeriod({ amount, unit: 'M' })).toBeNull();
  });

  it('keeps what it cannot read, so that nothing is lost silently', () => {
    expect(durationToAmount('P1M')).toEqual({ amount: 'P1M', unit: 'D' });
    expect(periodToAmount('P1DT2H')).toEqual({ amount: 'P1DT2H', unit: 'D' });
  });

  it.each([
    ['P30D', { amount: '30', unit: 'D' }, '30 Tage'],
    ['P6M', { amount: '6', unit: 'M' }, '6 Monate'],
    ['P1M', { amount: '1', unit: 'M' }, '1 Monat'],
    ['P3Y', { amount: '3', unit: 'Y' }, '3 Jahre'],
    ['P1Y', { amount: '1', unit: 'Y' }, '1 Jahr'],
  ])('shows the retention period %s as number and unit', (iso, amount, text) => {
    expect(periodToAmount(iso)).toEqual(amount);
    expect(formatPeriod(iso)).toBe(text);
    expect(amountToPeriod(periodToAmount(iso))).toBe(iso);
  });

  it('words the API’s ISO-8601 durations in messages', () => {
    expect(humanizeDurations('Das Audit wird mindestens 365 Tage (P12M, P1Y) aufbewahrt.')).toBe(
      'Das Audit wird mindestens 365 Tage (12 Monate, 1 Jahr) aufbewahrt.',
    );
    expect(humanizeDurations('zwischen P14D und PT12H oder P1DT12H')).toBe(
      'zwischen 14 Tage und 12 Stunden oder 36 Stunden',
    );
    expect(humanizeDurations('Die Erinnerung muss vor Ablauf der Frist kommen.')).toBe(
      'Die Erinnerung muss vor Ablauf der Frist kommen.',
    );
  });

  it('words the API’s format messages for staff, who type numbers and units', () => {
    expect(
      settingsMessage(
        'Erinnerung an die Einwilligung muss eine Dauer wie P14D (Tage) oder PT12H (Stunden) sein',
      ),
    ).toBe('Bitte geben Sie eine ganze Zahl von 1 bis 9999 ein.');
    expect(
      settingsMessage(
        'Löschfrist: abgeschlossene Fälle muss eine Frist wie P30D (Tage), P6M (Monate) oder P3Y (Jahre) sein',
      ),
    ).toBe('Bitte geben Sie eine ganze Zahl von 1 bis 9999 ein.');
    expect(settingsMessage('Das Audit wird mindestens 365 Tage (P12M, P1Y) aufbewahrt.')).toBe(
      'Das Audit wird mindestens 365 Tage (12 Monate, 1 Jahr) aufbewahrt.',
    );
  });
});
