/** How a case ended after its follow-up: where the young person is now. */
export enum CaseOutcome {
  TRAINING = 'training',
  EMPLOYMENT = 'employment',
  SCHOOL = 'school',
  PREPARATION = 'preparation',
  OTHER_SUPPORT = 'other-support',
  NO_CONTACT = 'no-contact',
  MOVED_AWAY = 'moved-away',
  OTHER = 'other',
}

export const CASE_OUTCOMES = Object.values(CaseOutcome);

export const CASE_OUTCOME_LABELS: Record<CaseOutcome, string> = {
  [CaseOutcome.TRAINING]: 'Ausbildung',
  [CaseOutcome.EMPLOYMENT]: 'Arbeit',
  [CaseOutcome.SCHOOL]: 'Schule / Schulabschluss',
  [CaseOutcome.PREPARATION]: 'Berufsvorbereitung / Maßnahme',
  [CaseOutcome.OTHER_SUPPORT]: 'andere Hilfe',
  [CaseOutcome.NO_CONTACT]: 'kein Kontakt',
  [CaseOutcome.MOVED_AWAY]: 'verzogen',
  [CaseOutcome.OTHER]: 'sonstiges',
};
