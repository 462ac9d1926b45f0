/** What a consent allows. A case conference needs `case-conference`. */
export enum ConsentPurpose {
  CASE_CONFERENCE = 'case-conference',
  INFORMATION_EXCHANGE = 'information-exchange',
  PROTOCOL_DISTRIBUTION = 'protocol-distribution',
  FOLLOW_UP = 'follow-up',
  /** § 65 SGB VIII: what was entrusted to the Jugendamt may go to the institutions named. */
  ENTRUSTED_INFORMATION = 'entrusted-information',
}

export const CONSENT_PURPOSES = Object.values(ConsentPurpose);

export const CONSENT_PURPOSE_LABELS: Record<ConsentPurpose, string> = {
  [ConsentPurpose.CASE_CONFERENCE]: 'Besprechung in der Fallkonferenz',
  [ConsentPurpose.INFORMATION_EXCHANGE]: 'Informationsaustausch zwischen den Partnern',
  [ConsentPurpose.PROTOCOL_DISTRIBUTION]: 'Versand des Protokolls',
  [ConsentPurpose.FOLLOW_UP]: 'Nachverfolgung der Maßnahmen',
  [ConsentPurpose.ENTRUSTED_INFORMATION]:
    'Weitergabe von dem Jugendamt anvertrauten Informationen (§ 65 SGB VIII)',
};

export enum ConsentGrantor {
  SELF = 'self',
  GUARDIAN = 'guardian',
}
