/**
 * The case page's own endpoints (revocation with its date and reason), on the shared transport
 * of `api.ts`.
 */
import { request } from './api';
import type { Ok, Schemas } from './api';

export type Revocation = Schemas['RevokeConsentDto'];

const id = (value: string) => encodeURIComponent(value);

/** Widerruf: the consent stops counting now; `declaredOn` is the day it was declared. */
export function revokeConsent(referralId: string, consentId: string, body: Revocation) {
  return request<Ok<'/referrals/{id}/consents/{consentId}/revocation', 'post'>>(
    `/referrals/${id(referralId)}/consents/${id(consentId)}/revocation`,
    { method: 'POST', body },
  );
}
