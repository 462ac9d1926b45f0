import { ReasonCode } from '../reasons';
import { ConsentFacts, evaluateConsent, evaluateConsents } from './consent.rules';
import { ConsentGrantor, ConsentPurpose } from './consent-purpose';

const referredOn = '2026-06-15';
const born = (age: number, onDay = '2026-06-01') =>
  `${Number(onDay.slice(0, 4)) - age}${onDay.slice(4)}`;

function consent(overrides: Partial<ConsentFacts> = {}): ConsentFacts {
  return {
    grantedBy: ConsentGrantor.SELF,
    signedOn: '2026-06-01',
    capacityConfirmed: false,
    recipients: ['jc', 'ja'],
    purposes: [ConsentPurpose.CASE_CONFERENCE],
    revokedAt: null,
    ...overrides,
  };
}

describe('evaluateConsent', () => {
  it('accepts an adult who consents alone', () => {
    expect(evaluateConsent(consent(), { birthDate: born(18), referredOn })).toEqual({
      valid: true,
    });
  });

  it('refuses a guardian signing for an adult', () => {
    expect(
      evaluateConsent(consent({ grantedBy: ConsentGrantor.GUARDIAN }), {
        birthDate: born(19),
        referredOn,
      }),
    ).toEqual({
      valid: false,
      reason: ReasonCode.ADULT_MUST_CONSENT,
    });
  });

  it.each([15, 16, 17])('lets a %i-year-old consent alone only with capacity confirmed', (age) => {
    const subject = { birthDate: born(age), referredOn };
    expect(evaluateConsent(consent({ capacityConfirmed: false }), subject)).toEqual({
      valid: false,
      reason: ReasonCode.MINOR_WITHOUT_CAPACITY,
    });
    expect(evaluateConsent(consent({ capacityConfirmed: true }), subject)).toEqual({ valid: true });
    expect(evaluateConsent(consent({ grantedBy: ConsentGrantor.GUARDIAN }), subject)).toEqual({
      valid: true,
    });
  });

  it('needs the guardian under 15, capacity or not', () => {
    const subject = { birthDate: born(14), referredOn };
    expect(evaluateConsent(consent({ capacityConfirmed: true }), subject)).toEqual({
      valid: false,
      reason: ReasonCode.GUARDIAN_CONSENT_REQUIRED,
    });
    expect(evaluateConsent(consent({ grantedBy: ConsentGrantor.GUARDIAN }), subject)).toEqual({
      valid: true,
    });
  });

  it('takes the age on the day of signing: 18 on the birthday itself, 17 the day before', () => {
    expect(
      evaluateConsent(consent({ signedOn: '2026-06-01' }), { birthDate: '2008-06-01', referredOn }),
    ).toEqual({
      valid: true,
    });
    expect(
      evaluateConsent(consent({ signedOn: '2026-05-31' }), { birthDate: '2008-06-01', referredOn }),
    ).toEqual({
      valid: false,
      reason: ReasonCode.MINOR_WITHOUT_CAPACITY,
    });
  });

  it('does not count a consent signed after the referral, but one signed the same day', () => {
    const subject = { birthDate: born(20), referredOn };
    expect(evaluateConsent(consent({ signedOn: '2026-06-16' }), subject)).toEqual({
      valid: false,
      reason: ReasonCode.CONSENT_SIGNED_AFTER_REFERRAL,
    });
    expect(evaluateConsent(consent({ signedOn: referredOn }), subject)).toEqual({ valid: true });
  });

  it('refuses a consent that names no recipient, does not cover the conference, or was revoked', () => {
    const subject = { birthDate: born(20), referredOn };
    expect(evaluateConsent(consent({ recipients: [] }), subject)).toMatchObject({
      reason: ReasonCode.CONSENT_NAMES_NO_RECIPIENT,
    });
    expect(
      evaluateConsent(consent({ purposes: [ConsentPurpose.FOLLOW_UP] }), subject),
    ).toMatchObject({
      reason: ReasonCode.CONSENT_PURPOSE_NOT_COVERED,
    });
    expect(evaluateConsent(consent({ revokedAt: new Date() }), subject)).toMatchObject({
      reason: ReasonCode.CONSENT_REVOKED,
    });
  });

  it('reports a missing consent', () => {
    expect(evaluateConsent(null, { birthDate: born(20), referredOn })).toEqual({
      valid: false,
      reason: ReasonCode.CONSENT_MISSING,
    });
  });
});

describe('evaluateConsents', () => {
  const subject = { birthDate: born(20), referredOn };

  it('is valid when any recorded consent is valid', () => {
    const v = evaluateConsents([consent({ recipients: [] }), consent()], subject);
    expect(v.valid).toBe(true);
  });

  it('gives the reason of the most recent consent otherwise', () => {
    const v = evaluateConsents(
      [consent({ recipients: [] }), consent({ revokedAt: new Date() })],
      subject,
    );
    expect(v).toMatchObject({ valid: false, reason: ReasonCode.CONSENT_NAMES_NO_RECIPIENT });
  });

  it('reports a missing consent when none is recorded', () => {
    expect(evaluateConsents([], subject)).toMatchObject({
      valid: false,
      reason: ReasonCode.CONSENT_MISSING,
    });
  });
});
