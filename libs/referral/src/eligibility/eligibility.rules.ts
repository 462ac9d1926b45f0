import { ageOn } from '@lotse/common';
import { ReasonCode } from '../reasons';

export interface EligibilitySubject {
  birthDate: string;
  municipality: string;
  referredOn: string;
}

export interface EligibilitySettings {
  /** The young person must be younger than this on the referral date. */
  ageLimit: number;
  /** ... and live here. */
  municipality: string;
}

export type EligibilityVerdict =
  { eligible: true; age: number } | { eligible: false; age: number; reasons: ReasonCode[] };

/** Case-, accent- and spacing-insensitive form of a place name ("Eschweiler ", "ESCHWEILER"). */
export function normalizePlace(name: string): string {
  return name
    .normalize('NFKC')
    .toLocaleLowerCase('de-DE')
    .replace(/\s+/g, ' ')
    .replace(/\s*-\s*/g, '-')
    .trim();
}

/** The JBA's target group: under its age limit on the referral date, living in its town. */
export function evaluateEligibility(
  subject: EligibilitySubject,
  settings: EligibilitySettings,
): EligibilityVerdict {
  const age = ageOn(subject.birthDate, subject.referredOn);
  const reasons: ReasonCode[] = [];
  if (age >= settings.ageLimit) reasons.push(ReasonCode.AGE_LIMIT_REACHED);
  if (normalizePlace(subject.municipality) !== normalizePlace(settings.municipality)) {
    reasons.push(ReasonCode.NOT_RESIDENT);
  }
  return reasons.length === 0 ? { eligible: true, age } : { eligible: false, age, reasons };
}
