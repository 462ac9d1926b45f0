import { hasRole, Principal, Role } from '@lotse/identity';
import type { Consent } from './consent/consent.entity';
import { evaluateConsent } from './consent/consent.rules';
import type { Referral } from './referral.entity';

export type Disclosure =
  | { allowed: false }
  | { allowed: true; basis: 'referrer' }
  | { allowed: true; basis: 'consent'; consentId: string };

/**
 * Who may see a young person's personal data: the referring institution (it holds the data
 * anyway) and the institutions a valid, unrevoked consent names.
 */
export function personalDataDisclosure(
  institutionId: string,
  referral: Pick<Referral, 'referringInstitutionId' | 'referredOn'>,
  consents: readonly Consent[],
  birthDate: string,
): Disclosure {
  if (institutionId === referral.referringInstitutionId)
    return { allowed: true, basis: 'referrer' };
  for (const c of consents) {
    if (!c.recipients.includes(institutionId)) continue;
    if (evaluateConsent(c, { birthDate, referredOn: referral.referredOn }).valid) {
      return { allowed: true, basis: 'consent', consentId: c.id };
    }
  }
  return { allowed: false };
}

/**
 * Who may see that a case exists (reference, status, short description): the referrer, the
 * institutions a consent names, and the JBA's coordinators and admins (they plan the conferences).
 */
export function canSeeCase(
  p: Principal,
  referral: Pick<Referral, 'referringInstitutionId' | 'jbaId'>,
  consents: readonly Consent[],
): boolean {
  if (p.institutionId === referral.referringInstitutionId) return true;
  if (p.jbaId === referral.jbaId && hasRole(p, Role.COORDINATOR, Role.ADMIN)) return true;
  return consents.some((c) => !c.revokedAt && c.recipients.includes(p.institutionId));
}
