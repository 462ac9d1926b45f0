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
}

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
};

export interface Reason {
  code: ReasonCode;
  message: string;
}

export const reason = (code: ReasonCode): Reason => ({ code, message: REASON_MESSAGES[code] });
