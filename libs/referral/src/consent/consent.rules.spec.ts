import { ReasonCode } from '../reasons';
import {
  ConsentFacts,
  consentInputProblems,
  evaluateConsent,
  evaluateConsents,
  referredOnProblem,
} from './consent.rules';
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

  it.each([15, 16, 17])(
    'lets a %i-year-old consent alone only with capacity confirmed, where the JBA allows it',
    (age) => {
      const subject = { birthDate: born(age), referredOn };
      const allowed = { minorMayConsentAlone: true };
      expect(evaluateConsent(consent({ capacityConfirmed: false, ...allowed }), subject)).toEqual({
        valid: false,
        reason: ReasonCode.MINOR_WITHOUT_CAPACITY,
      });
      expect(evaluateConsent(consent({ capacityConfirmed: true, ...allowed }), subject)).toEqual({
        valid: true,
      });
    },
  );

  it.each([15, 16, 17])('has the guardians sign for a %i-year-old by default', (age) => {
    const subject = { birthDate: born(age), referredOn };
    expect(evaluateConsent(consent({ capacityConfirmed: true }), subject)).toEqual({
      valid: false,
      reason: ReasonCode.GUARDIANS_MUST_SIGN_FOR_MINORS,
    });
    expect(
      evaluateConsent(consent({ capacityConfirmed: true, minorMayConsentAlone: false }), subject),
    ).toMatchObject({ valid: false });
    expect(evaluateConsent(consent({ capacityConfirmed: false }), subject)).toEqual({
      valid: false,
      reason: ReasonCode.MINOR_WITHOUT_CAPACITY,
    });
    expect(evaluateConsent(consent({ grantedBy: ConsentGrantor.GUARDIAN }), subject)).toEqual({
      valid: true,
    });
  });

  it('needs the guardian under 15, capacity or not, whatever the JBA allows', () => {
    const subject = { birthDate: born(14), referredOn, asOf: referredOn };
    expect(
      evaluateConsent(consent({ capacityConfirmed: true, minorMayConsentAlone: true }), subject),
    ).toEqual({
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

  it("ends a guardian's consent on the 18th birthday: from then on the young person consents", () => {
    const guardian = consent({ grantedBy: ConsentGrantor.GUARDIAN, signedOn: '2026-05-01' });
    const subject = { birthDate: '2008-06-10', referredOn: '2026-05-02' };
    expect(evaluateConsent(guardian, { ...subject, asOf: '2026-06-09' })).toEqual({ valid: true });
    expect(evaluateConsent(guardian, { ...subject, asOf: '2026-06-10' })).toEqual({
      valid: false,
      reason: ReasonCode.GUARDIAN_CONSENT_ENDED_AT_MAJORITY,
    });
    // the young person's own consent from the birthday on takes over, although signed after the
    // referral; one signed before the birthday does not
    const own = consent({ signedOn: '2026-06-12' });
    expect(evaluateConsent(own, { ...subject, asOf: '2026-06-12' })).toEqual({ valid: true });
    expect(
      evaluateConsent(consent({ signedOn: '2026-06-09', capacityConfirmed: true }), subject),
    ).toEqual({ valid: false, reason: ReasonCode.CONSENT_SIGNED_AFTER_REFERRAL });
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

describe('consentInputProblems', () => {
  const today = '2026-06-15';
  const birthDate = '2009-03-01';
  const input = (o: Record<string, unknown> = {}) => ({
    grantedBy: ConsentGrantor.SELF,
    signedOn: '2026-06-01',
    ...o,
  });

  it('accepts a consent signed between birth and today, on either day itself', () => {
    expect(consentInputProblems(input(), birthDate, today)).toEqual([]);
    expect(consentInputProblems(input({ signedOn: today }), birthDate, today)).toEqual([]);
    expect(consentInputProblems(input({ signedOn: birthDate }), birthDate, today)).toEqual([]);
  });

  it('refuses a consent signed before the birth or in the future, naming signedOn', () => {
    expect(consentInputProblems(input({ signedOn: '2009-02-28' }), birthDate, today)).toEqual([
      { field: 'signedOn', message: expect.stringContaining('vor der Geburt') },
    ]);
    expect(consentInputProblems(input({ signedOn: '2026-06-16' }), birthDate, today)).toEqual([
      { field: 'signedOn', message: expect.stringContaining('Zukunft') },
    ]);
  });

  it("needs the guardian's name on a guardian's consent, and both under joint custody", () => {
    const guardian = { grantedBy: ConsentGrantor.GUARDIAN };
    const fields = (o: Record<string, unknown>) =>
      consentInputProblems(input({ ...guardian, ...o }), birthDate, today).map((p) => p.field);
    expect(fields({})).toEqual(['guardianNames']);
    expect(fields({ guardianNames: ['  '] })).toEqual(['guardianNames']);
    expect(fields({ guardianNames: ['Petra Muster'] })).toEqual([]);
    expect(fields({ guardianNames: ['Petra Muster'], jointCustody: true })).toEqual([
      'guardianNames',
    ]);
    expect(fields({ guardianNames: ['Petra Muster', 'Paul Muster'], jointCustody: true })).toEqual(
      [],
    );
    expect(fields({ guardianNames: ['Petra Muster', 'Paul Muster'] })).toEqual(['jointCustody']);
  });

  it("refuses guardian names or joint custody on the young person's own consent", () => {
    expect(
      consentInputProblems(input({ guardianNames: ['Petra Muster'] }), birthDate, today),
    ).toMatchObject([{ field: 'guardianNames' }]);
    expect(consentInputProblems(input({ jointCustody: true }), birthDate, today)).toMatchObject([
      { field: 'jointCustody' },
    ]);
  });
});

describe('referredOnProblem', () => {
  const today = '2026-06-15';

  it('accepts today and up to the maximum number of days back', () => {
    expect(referredOnProblem(today, today, 90)).toBeNull();
    expect(referredOnProblem('2026-03-17', today, 90)).toBeNull(); // 90 days back
  });

  it('refuses a future date and one further back than allowed', () => {
    expect(referredOnProblem('2026-06-16', today, 90)).toContain('Zukunft');
    expect(referredOnProblem('2026-03-16', today, 90)).toContain('90 Tage');
    expect(referredOnProblem('2026-06-14', today, 0)).toContain('0 Tage');
  });
});
