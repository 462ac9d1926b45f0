import { hasRole, Principal, Role } from '@lotse/identity';
import { Consent, ConsentPurpose, evaluateConsent, Referral } from '@lotse/referral';

type CaseRef = Pick<Referral, 'referringInstitutionId' | 'referredOn' | 'jbaId'>;

/**
 * The institutions that receive the protocol: the referrer (it holds the data anyway) and every
 * institution a valid, unrevoked consent names with the purpose *protocol-distribution*.
 */
export function protocolRecipients(
  referral: CaseRef,
  consents: readonly Consent[],
  birthDate: string,
): Set<string> {
  const ids = new Set<string>([referral.referringInstitutionId]);
  for (const c of consents) {
    if (!c.purposes.includes(ConsentPurpose.PROTOCOL_DISTRIBUTION)) continue;
    if (!evaluateConsent(c, { birthDate, referredOn: referral.referredOn }).valid) continue;
    c.recipients.forEach((id) => ids.add(id));
  }
  return ids;
}

/** Who writes and corrects the protocol: the referrer, or the JBA's coordination taking it over. */
export function mayWriteProtocol(
  user: Principal,
  referral: CaseRef,
  recipients: ReadonlySet<string>,
): boolean {
  if (user.institutionId === referral.referringInstitutionId) return true;
  return (
    user.jbaId === referral.jbaId &&
    hasRole(user, Role.COORDINATOR) &&
    // the protocol holds case data: only an institution the consent names may write it
    recipients.has(user.institutionId)
  );
}
