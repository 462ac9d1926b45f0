import { ReasonCode } from '../reasons';
import { evaluateEligibility, normalizePlace } from './eligibility.rules';

const settings = { ageLimit: 25, municipality: 'Eschweiler' };

describe('evaluateEligibility', () => {
  it('accepts a 24-year-old living in town', () => {
    expect(
      evaluateEligibility(
        { birthDate: '2002-01-01', municipality: 'Eschweiler', referredOn: '2026-06-01' },
        settings,
      ),
    ).toEqual({
      eligible: true,
      age: 24,
    });
  });

  it('turns away someone who is 25 on the referral date', () => {
    expect(
      evaluateEligibility(
        { birthDate: '2001-06-01', municipality: 'Eschweiler', referredOn: '2026-06-01' },
        settings,
      ),
    ).toEqual({ eligible: false, age: 25, reasons: [ReasonCode.AGE_LIMIT_REACHED] });
  });

  it('still accepts the day before the 25th birthday', () => {
    expect(
      evaluateEligibility(
        { birthDate: '2001-06-02', municipality: 'Eschweiler', referredOn: '2026-06-01' },
        settings,
      ).eligible,
    ).toBe(true);
  });

  it('uses the JBA age limit (the JMD serves up to 27)', () => {
    const v = evaluateEligibility(
      { birthDate: '2000-01-01', municipality: 'Eschweiler', referredOn: '2026-06-01' },
      { ageLimit: 28, municipality: 'Eschweiler' },
    );
    expect(v.eligible).toBe(true);
  });

  it('turns away a resident of another town, and names both reasons when both apply', () => {
    expect(
      evaluateEligibility(
        { birthDate: '2005-01-01', municipality: 'Aachen', referredOn: '2026-06-01' },
        settings,
      ),
    ).toMatchObject({ eligible: false, reasons: [ReasonCode.NOT_RESIDENT] });
    expect(
      evaluateEligibility(
        { birthDate: '1990-01-01', municipality: 'Aachen', referredOn: '2026-06-01' },
        settings,
      ),
    ).toMatchObject({
      eligible: false,
      reasons: [ReasonCode.AGE_LIMIT_REACHED, ReasonCode.NOT_RESIDENT],
    });
  });

  it('compares place names without regard to case and spacing', () => {
    expect(normalizePlace('  ESCHWEILER ')).toBe(normalizePlace('Eschweiler'));
    expect(normalizePlace('Bad  Münstereifel')).toBe(normalizePlace('bad münstereifel'));
    expect(normalizePlace('Aachen')).not.toBe(normalizePlace('Eschweiler'));
  });
});
