/** What a consent allows. A case conference needs `case-conference`. */
export enum ConsentPurpose {
  CASE_CONFERENCE = 'case-conference',
  INFORMATION_EXCHANGE = 'information-exchange',
  PROTOCOL_DISTRIBUTION = 'protocol-distribution',
  FOLLOW_UP = 'follow-up',
}

export const CONSENT_PURPOSES = Object.values(ConsentPurpose);

export const CONSENT_PURPOSE_LABELS: Record<ConsentPurpose, string> = {
  [ConsentPurpose.CASE_CONFERENCE]: 'Besprechung in der Fallkonferenz',
  [ConsentPurpose.INFORMATION_EXCHANGE]: 'Informationsaustausch zwischen den Partnern',
  [ConsentPurpose.PROTOCOL_DISTRIBUTION]: 'Versand des Protokolls',
  [ConsentPurpose.FOLLOW_UP]: 'Nachverfolgung der Maßnahmen',
};

export enum ConsentGrantor {
  SELF = 'self',
  GUARDIAN = 'guardian',
}
