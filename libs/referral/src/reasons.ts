/** Why a case did not get through a check. Codes for machines, German text for people. */
export enum ReasonCode {
  CONSENT_MISSING = 'consent-missing',
  CONSENT_REVOKED = 'consent-revoked',
  CONSENT_SIGNED_AFTER_REFERRAL = 'consent-signed-after-referral',
  CONSENT_NAMES_NO_RECIPIENT = 'consent-names-no-recipient',
  CONSENT_PURPOSE_NOT_COVERED = 'consent-purpose-not-covered',
  MINOR_WITHOUT_CAPACITY = 'minor-without-capacity',
  GUARDIAN_CONSENT_REQUIRED = 'guardian-consent-required',
  GUARDIANS_MUST_SIGN_FOR_MINORS = 'guardians-must-sign-for-minors',
  ADULT_MUST_CONSENT = 'adult-must-consent',
  AGE_LIMIT_REACHED = 'age-limit-reached',
  NOT_RESIDENT = 'not-resident',
  CONSENT_DEADLINE_PASSED = 'consent-deadline-passed',
  GUARDIAN_CONSENT_ENDED_AT_MAJORITY = 'guardian-consent-ended-at-majority',
}

/**
 * Reasons that tell something about the young person (age bracket, residence, who signed):
 * shown only to those who may see the personal data of the case.
 */
export const PERSONAL_REASONS: ReadonlySet<ReasonCode> = new Set([
  ReasonCode.MINOR_WITHOUT_CAPACITY,
  ReasonCode.GUARDIAN_CONSENT_REQUIRED,
  ReasonCode.GUARDIANS_MUST_SIGN_FOR_MINORS,
  ReasonCode.ADULT_MUST_CONSENT,
  ReasonCode.AGE_LIMIT_REACHED,
  ReasonCode.NOT_RESIDENT,
  ReasonCode.GUARDIAN_CONSENT_ENDED_AT_MAJORITY,
]);

export const REASON_MESSAGES: Record<ReasonCode, string> = {
  [ReasonCode.CONSENT_MISSING]: 'Es liegt keine Schweigepflichtsentbindung vor.',
  [ReasonCode.CONSENT_REVOKED]: 'Die Einwilligung wurde widerrufen.',
  [ReasonCode.CONSENT_SIGNED_AFTER_REFERRAL]:
    'Die Einwilligung wurde erst nach der Fallmeldung unterschrieben und zählt daher nicht.',
  [ReasonCode.CONSENT_NAMES_NO_RECIPIENT]: 'Die Einwilligung nennt keine Empfänger.',
  [ReasonCode.CONSENT_PURPOSE_NOT_COVERED]: 'Die Einwilligung deckt die Fallkonferenz nicht ab.',
  [ReasonCode.MINOR_WITHOUT_CAPACITY]:
    'Minderjährige (15–17 Jahre) können nur mit bestätigter Einsichtsfähigkeit allein einwilligen.',
  [ReasonCode.GUARDIAN_CONSENT_REQUIRED]:
    'Unter 15 Jahren müssen die Erziehungsberechtigten einwilligen.',
  [ReasonCode.GUARDIANS_MUST_SIGN_FOR_MINORS]:
    'In dieser Jugendberufsagentur unterschreiben für Minderjährige die Erziehungsberechtigten, auch bei bestätigter Einsichtsfähigkeit.',
  [ReasonCode.ADULT_MUST_CONSENT]: 'Volljährige willigen selbst ein.',
  [ReasonCode.AGE_LIMIT_REACHED]: 'Die Altersgrenze der Jugendberufsagentur ist erreicht.',
  [ReasonCode.NOT_RESIDENT]: 'Der junge Mensch wohnt nicht im Gebiet der Jugendberufsagentur.',
  [ReasonCode.CONSENT_DEADLINE_PASSED]:
    'Innerhalb der Frist wurde keine gültige Einwilligung erfasst.',
  [ReasonCode.GUARDIAN_CONSENT_ENDED_AT_MAJORITY]:
    'Die Einwilligung der Erziehungsberechtigten gilt nur bis zum 18. Geburtstag; der junge Mensch muss nun selbst einwilligen.',
};

export interface Reason {
  code: ReasonCode;
  message: string;
}

export const reason = (code: ReasonCode): Reason => ({ code, message: REASON_MESSAGES[code] });

/**
 * A reason as a viewer may see it: one that tells something about the person only with the
 * right to see the personal data (`disclosed`), otherwise none.
 */
export const reasonFor = (code: ReasonCode | null, disclosed: boolean): Reason | null =>
  !code || (!disclosed && PERSONAL_REASONS.has(code)) ? null : reason(code);
