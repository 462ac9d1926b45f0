import { ageOn, todayIso } from '@lotse/common';
import { ReasonCode } from '../reasons';
import { ConsentGrantor, ConsentPurpose } from './consent-purpose';

/** The facts of a signed release from confidentiality that its validity depends on. */
export interface ConsentFacts {
  grantedBy: ConsentGrantor;
  signedOn: string;
  capacityConfirmed: boolean;
  recipients: readonly string[];
  purposes: readonly string[];
  revokedAt: Date | null;
  /**
   * The JBA's rule when the consent was recorded (`minorsMayConsentAlone`): whether a
   * 15–17-year-old with confirmed capacity may consent alone. Absent means no (guardians sign).
   */
  minorMayConsentAlone?: boolean;
}

export interface ConsentSubject {
  birthDate: string;
  /** The date of the referral; a consent must be signed on or before it. */
  referredOn: string;
  /**
   * The day the consent is judged on (ISO date, default today): a guardian's consent for a
   * minor stops counting on the 18th birthday.
   */
  asOf?: string;
}

export type ConsentVerdict = { valid: true } | { valid: false; reason: ReasonCode };

/** Age from which a young person may consent alone, if capable of understanding. */
export const AGE_OF_CONSENT_WITH_CAPACITY = 15;
export const AGE_OF_MAJORITY = 18;

/**
 * Whether one consent allows the case to be discussed in a conference:
 * - 18 and older consent themselves;
 * - 15 to 17: their guardian consents; alone only with capacity confirmed and where the JBA's
 *   rule at recording allowed it (`minorMayConsentAlone`, default no);
 * - under 15 the guardian consents;
 * - a consent signed after the referral does not count; one naming no recipient is invalid;
 *   it must cover the case conference and must not be revoked;
 * - a guardian's consent for a minor ends on the 18th birthday: from then on the young person
 *   consents themselves (§ 1626 BGB: parental care ends with majority).
 */
export function evaluateConsent(
  consent: ConsentFacts | null,
  subject: ConsentSubject,
): ConsentVerdict {
  if (!consent) return { valid: false, reason: ReasonCode.CONSENT_MISSING };
  if (consent.revokedAt) return { valid: false, reason: ReasonCode.CONSENT_REVOKED };
  if (consent.signedOn > subject.referredOn && !renewsAtMajority(consent, subject)) {
    return { valid: false, reason: ReasonCode.CONSENT_SIGNED_AFTER_REFERRAL };
  }
  if (consent.recipients.length === 0)
    return { valid: false, reason: ReasonCode.CONSENT_NAMES_NO_RECIPIENT };
  if (!consent.purposes.includes(ConsentPurpose.CASE_CONFERENCE)) {
    return { valid: false, reason: ReasonCode.CONSENT_PURPOSE_NOT_COVERED };
  }
  const age = ageOn(subject.birthDate, consent.signedOn);
  if (age >= AGE_OF_MAJORITY) {
    return consent.grantedBy === ConsentGrantor.SELF
      ? { valid: true }
      : { valid: false, reason: ReasonCode.ADULT_MUST_CONSENT };
  }
  if (consent.grantedBy === ConsentGrantor.GUARDIAN) {
    return ageOn(subject.birthDate, subject.asOf ?? todayIso()) >= AGE_OF_MAJORITY
      ? { valid: false, reason: ReasonCode.GUARDIAN_CONSENT_ENDED_AT_MAJORITY }
      : { valid: true };
  }
  if (age >= AGE_OF_CONSENT_WITH_CAPACITY) {
    if (!consent.capacityConfirmed)
      return { valid: false, reason: ReasonCode.MINOR_WITHOUT_CAPACITY };
    return consent.minorMayConsentAlone
      ? { valid: true }
      : { valid: false, reason: ReasonCode.GUARDIANS_MUST_SIGN_FOR_MINORS };
  }
  return { valid: false, reason: ReasonCode.GUARDIAN_CONSENT_REQUIRED };
}

/**
 * The young person's own consent, signed when of age, for a case referred while a minor: it
 * takes over from the guardian's consent that ended on the 18th birthday, so it counts although
 * it was signed after the referral.
 */
function renewsAtMajority(consent: ConsentFacts, subject: ConsentSubject): boolean {
  return (
    consent.grantedBy === ConsentGrantor.SELF &&
    ageOn(subject.birthDate, consent.signedOn) >= AGE_OF_MAJORITY &&
    ageOn(subject.birthDate, subject.referredOn) < AGE_OF_MAJORITY
  );
}

/**
 * The verdict over all consents recorded for a case (most recent first): valid when one of
 * them is valid, otherwise the reason of the most recent one.
 */
export function evaluateConsents(
  consentsMostRecentFirst: readonly ConsentFacts[],
  subject: ConsentSubject,
): ConsentVerdict & { consent: ConsentFacts | null } {
  let mostRecent: (ConsentVerdict & { consent: ConsentFacts | null }) | null = null;
  for (const c of consentsMostRecentFirst) {
    const v = evaluateConsent(c, subject);
    if (v.valid) return { ...v, consent: c };
    mostRecent ??= { ...v, consent: c };
  }
  return mostRecent ?? { valid: false, reason: ReasonCode.CONSENT_MISSING, consent: null };
}

/** What is entered for a consent, checked before it is recorded. */
export interface ConsentInput {
  grantedBy: ConsentGrantor;
  signedOn: string;
  guardianNames?: readonly string[];
  jointCustody?: boolean;
}

export interface InputProblem {
  /** The consent's field (`signedOn`, `guardianNames`), without a prefix. */
  field: string;
  message: string;
}

/**
 * Input a consent is refused for (400), as opposed to one that is recorded but does not count:
 * signed before the person's birth or after today; a guardian's consent without the guardian's
 * name, or under joint custody without both names; guardian names on the young person's own.
 */
export function consentInputProblems(
  input: ConsentInput,
  birthDate: string,
  today: string,
): InputProblem[] {
  const problems: InputProblem[] = [];
  if (input.signedOn < birthDate) {
    problems.push({
      field: 'signedOn',
      message: 'Die Einwilligung kann nicht vor der Geburt unterschrieben sein.',
    });
  } else if (input.signedOn > today) {
    problems.push({
      field: 'signedOn',
      message: 'Die Einwilligung kann nicht in der Zukunft unterschrieben sein.',
    });
  }
  const names = (input.guardianNames ?? []).map((n) => n.trim()).filter(Boolean);
  if (input.grantedBy === ConsentGrantor.GUARDIAN) {
    const needed = input.jointCustody ? 2 : 1;
    if (names.length < needed) {
      problems.push({
        field: 'guardianNames',
        message: input.jointCustody
          ? 'Bei gemeinsamem Sorgerecht unterschreiben beide Erziehungsberechtigte: bitte beide Namen angeben.'
          : 'Bitte den Namen der oder des Erziehungsberechtigten angeben.',
      });
    } else if (!input.jointCustody && names.length > 1) {
      problems.push({
        field: 'jointCustody',
        message: 'Zwei Erziehungsberechtigte unterschreiben nur bei gemeinsamem Sorgerecht.',
      });
    }
  } else if (names.length > 0 || input.jointCustody) {
    problems.push({
      field: names.length > 0 ? 'guardianNames' : 'jointCustody',
      message: 'Nur bei einer Einwilligung der Erziehungsberechtigten anzugeben.',
    });
  }
  return problems;
}

/** Whole days from `from` to `to` (ISO dates). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Why a referral date is refused, if it is: after today, or more than the JBA's
 * `maxReferralBackdatingDays` before it.
 */
export function referredOnProblem(
  referredOn: string,
  today: string,
  maxBackdatingDays: number,
): string | null {
  if (referredOn > today) return 'referredOn darf nicht in der Zukunft liegen';
  if (daysBetween(referredOn, today) > maxBackdatingDays) {
    return `referredOn darf höchstens ${maxBackdatingDays} Tage zurückliegen`;
  }
  return null;
}

/**
 * The signed document: its SHA-256 (`documentHash`) or, for a consent kept on paper only, why
 * there is no scan (`paperOnlyReason`). Neither is a 400 naming both fields.
 */
export function consentDocumentProblems(input: {
  documentHash?: string | null;
  paperOnlyReason?: string | null;
}): InputProblem[] {
  if (input.documentHash || input.paperOnlyReason?.trim()) return [];
  const message =
    'Bitte die Prüfsumme des unterschriebenen Dokuments angeben oder begründen, warum es keinen Scan gibt (z. B. „Original liegt in der Akte“).';
  return [
    { field: 'documentHash', message },
    { field: 'paperOnlyReason', message },
  ];
}
