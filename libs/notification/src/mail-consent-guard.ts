import type { Notification } from './notification.entity';

/** One case a queued mail would disclose although its consent no longer allows it. */
export interface WithheldCase {
  referralId: string;
  /** The consent that allowed the mail when it was queued (null when none is known). */
  consentId: string | null;
  reason: 'revoked' | 'invalid' | 'not-named';
}

export type MailConsentVerdict = { allowed: true } | { allowed: false; cases: WithheldCase[] };

/**
 * Asked by the mail worker right before a mail goes out: does the consent that allowed a mail
 * with case data still allow it? Implemented where the consent rules live (libs/referral) and
 * provided by the app that delivers mails, so this library needs no referral import.
 */
export interface MailConsentGuard {
  check(notification: Notification): Promise<MailConsentVerdict>;
}

export const MAIL_CONSENT_GUARD = Symbol('MAIL_CONSENT_GUARD');
