import { DomainException, ErrorCode } from '@lotse/common';

/**
 * The OIDC sign-in failed for a protocol reason (bad state, token, signature, provider down).
 * `reason` is for the log only and never carries personal data (no e-mail, name or subject).
 */
export class OidcProtocolError extends DomainException {
  constructor(readonly reason: string) {
    super(ErrorCode.UNAUTHENTICATED, 'Die Anmeldung mit Single Sign-On ist fehlgeschlagen.');
  }
}

/** The provider vouched for someone, but there is no active Lotse account for them. */
export class OidcNoAccountError extends DomainException {
  constructor(readonly reason: string) {
    super(ErrorCode.FORBIDDEN, 'Für Ihr Single-Sign-On-Konto gibt es kein Konto in Lotse.');
  }
}
