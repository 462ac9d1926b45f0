import { ageOn } from '@lotse/common';
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
}

export interface ConsentSubject {
  birthDate: string;
  /** The date of the referral; a consent must be signed on or before it. */
  referredOn: string;
}

export type ConsentVerdict = { valid: true } | { valid: false; reason: ReasonCode };

/** Age from which a young person may consent alone, if capable of understanding. */
export const AGE_OF_CONSENT_WITH_CAPACITY = 15;
export const AGE_OF_MAJORITY = 18;

/**
 * Whether one consent allows the case to be discussed in a conference:
 * - 18 and older consent themselves;
 * - 15 to 17 may consent alone only with capacity confirmed, or their guardian consents;
 * - under 15 the guardian consents;
 * - a consent signed after the referral does not count; one naming no recipient is invalid;
 *   it must cover the case conference and must not be revoked.
 */
export function evaluateConsent(
  consent: ConsentFacts | null,
  subject: ConsentSubject,
): ConsentVerdict {
  if (!consent) return { valid: false, reason: ReasonCode.CONSENT_MISSING };
  if (consent.revokedAt) return { valid: false, reason: ReasonCode.CONSENT_REVOKED };
  if (consent.signedOn > subject.referredOn) {
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
  if (consent.grantedBy === ConsentGrantor.GUARDIAN) return { valid: true };
  if (age >= AGE_OF_CONSENT_WITH_CAPACITY) {
    return consent.capacityConfirmed
      ? { valid: true }
      : { valid: false, reason: ReasonCode.MINOR_WITHOUT_CAPACITY };
  }
  return { valid: false, reason: ReasonCode.GUARDIAN_CONSENT_REQUIRED };
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
