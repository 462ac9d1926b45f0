/** Where a referral (case) stands. German labels are what staff see. */
export enum ReferralStatus {
  RECEIVED = 'received',
  AWAITING_CONSENT = 'awaiting-consent',
  INELIGIBLE = 'ineligible',
  NO_CONSENT = 'no-consent',
  AWAITING_CONFERENCE = 'awaiting-conference',
  /** On the agenda of a conference date. */
  SCHEDULED = 'scheduled',
  /** Discussed in a conference. */
  DISCUSSED = 'discussed',
  /** The protocol went out; its measures are followed up. */
  FOLLOW_UP = 'follow-up',
  /** Closed after the follow-up, with an outcome. */
  CLOSED = 'closed',
  /** Closed because its consent was revoked (Widerruf); nothing more is exchanged. */
  CONSENT_REVOKED = 'consent-revoked',
}

export const REFERRAL_STATUS_LABELS: Record<ReferralStatus, string> = {
  [ReferralStatus.RECEIVED]: 'Eingegangen',
  [ReferralStatus.AWAITING_CONSENT]: 'Einwilligung fehlt',
  [ReferralStatus.INELIGIBLE]: 'Nicht in der Zielgruppe',
  [ReferralStatus.NO_CONSENT]: 'Ohne Einwilligung beendet',
  [ReferralStatus.AWAITING_CONFERENCE]: 'Wartet auf Fallkonferenz',
  [ReferralStatus.SCHEDULED]: 'Für Fallkonferenz eingeplant',
  [ReferralStatus.DISCUSSED]: 'In Fallkonferenz besprochen',
  [ReferralStatus.FOLLOW_UP]: 'In Nachverfolgung',
  [ReferralStatus.CLOSED]: 'Abgeschlossen',
  [ReferralStatus.CONSENT_REVOKED]: 'Nach Widerruf beendet',
};

/** Statuses after which nothing happens to the case any more. */
export const FINAL_STATUSES: ReadonlySet<ReferralStatus> = new Set([
  ReferralStatus.INELIGIBLE,
  ReferralStatus.NO_CONSENT,
  ReferralStatus.CONSENT_REVOKED,
  ReferralStatus.CLOSED,
]);
