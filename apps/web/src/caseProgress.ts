/**
 * Where a case stands, in words: the steps of the step bar on the case page, and what the case
 * waits for at each position of `bpmn/case-referral.bpmn`. The one place that maps the model's
 * element ids to German; `test/unit/case-progress.spec.ts` checks it against the model.
 */

/** The steps a case goes through, in order. */
export const CASE_STEPS = [
  'Eingegangen',
  'Einwilligung',
  'Zielgruppe',
  'Wartet',
  'Eingeplant',
  'Besprochen',
  'Protokoll',
  'Nachverfolgung',
  'Abgeschlossen',
] as const;

export type CaseStep = (typeof CASE_STEPS)[number];

const STEP = Object.fromEntries(CASE_STEPS.map((s, i) => [s, i])) as Record<CaseStep, number>;

/**
 * What the case waits for while the process stands at an element (a user task, a wait state or
 * an end), and the step it belongs to. Element ids of `bpmn/case-referral.bpmn`.
 */
export const POSITIONS: Readonly<Record<string, { step: CaseStep; text: string }>> = {
  Start_ReferralReceived: { step: 'Eingegangen', text: 'Die Fallmeldung wird geprüft' },
  Task_CheckConsent: { step: 'Einwilligung', text: 'Die Einwilligung wird geprüft' },
  Task_ObtainConsent: {
    step: 'Einwilligung',
    text: 'Wartet auf die Einwilligung (Aufgabe „Einwilligung einholen“ bei der meldenden Stelle)',
  },
  Task_CheckEligibility: {
    step: 'Zielgruppe',
    text: 'Die Zugehörigkeit zur Zielgruppe wird geprüft',
  },
  Event_CaseScheduled: {
    step: 'Wartet',
    text: 'Wartet auf die Auswahl für eine Fallkonferenz',
  },
  Gateway_ConferenceOutcome: { step: 'Eingeplant', text: 'Wartet auf die Fallkonferenz' },
  Task_RecordProtocol: {
    step: 'Protokoll',
    text: 'Wartet auf das Protokoll der meldenden Stelle',
  },
  Task_DistributeProtocol: { step: 'Protokoll', text: 'Das Protokoll wird verteilt' },
  Event_MeasureDue: {
    step: 'Nachverfolgung',
    text: 'Wartet auf die Fälligkeit der vereinbarten Maßnahmen',
  },
  Task_ReviewMeasure: {
    step: 'Nachverfolgung',
    text: 'Wartet auf die Überprüfung einer fälligen Maßnahme',
  },
  Task_ReviewMeasureEscalated: {
    step: 'Nachverfolgung',
    text: 'Wartet auf die überfällige Überprüfung einer Maßnahme (die Koordination ist informiert)',
  },
  Task_DecideFollowUp: {
    step: 'Nachverfolgung',
    text: 'Wartet auf die Entscheidung über den weiteren Verlauf',
  },
  Task_ObtainOwnConsent: {
    step: 'Einwilligung',
    text: 'Wartet auf die eigene Einwilligung des inzwischen volljährigen jungen Menschen',
  },
  End_Closed: { step: 'Abgeschlossen', text: 'Abgeschlossen' },
  End_Ineligible: { step: 'Zielgruppe', text: 'Beendet: nicht in der Zielgruppe' },
  End_NoConsent: {
    step: 'Einwilligung',
    text: 'Beendet: Bis zur Frist lag keine gültige Einwilligung vor',
  },
  End_ConsentRevoked: { step: 'Einwilligung', text: 'Beendet nach dem Widerruf der Einwilligung' },
};

/** Where a status stands when no open task says more. */
const BY_STATUS: Readonly<Record<string, { step: CaseStep; text: string }>> = {
  received: POSITIONS.Start_ReferralReceived,
  'awaiting-consent': POSITIONS.Task_ObtainConsent,
  'awaiting-conference': POSITIONS.Event_CaseScheduled,
  scheduled: POSITIONS.Gateway_ConferenceOutcome,
  discussed: { step: 'Besprochen', text: 'In der Fallkonferenz besprochen; das Protokoll folgt' },
  'follow-up': POSITIONS.Event_MeasureDue,
  closed: POSITIONS.End_Closed,
  ineligible: POSITIONS.End_Ineligible,
  'no-consent': POSITIONS.End_NoConsent,
  'consent-revoked': POSITIONS.End_ConsentRevoked,
};

/** Statuses that end a case before its regular end. */
const ENDED_EARLY: ReadonlySet<string> = new Set(['ineligible', 'no-consent', 'consent-revoked']);

export interface CaseProgress {
  /** Index in `CASE_STEPS` of the step the case is at (or ended at). */
  current: number;
  /** The case ended before its regular end (not in the target group, no consent, revoked). */
  ended: boolean;
  /** Every step is done (closed regularly). */
  complete: boolean;
  /** What the case waits for, in words. */
  position: string;
}

export interface CaseProgressInput {
  status: string;
  /** Element ids of the case's open user tasks. */
  openTaskElementIds?: readonly string[];
  /** Statuses the case had, oldest first (from its history): where a revoked case stood. */
  statusHistory?: readonly string[];
}

/** The step bar's state and the position text of a case. */
export function caseProgress({
  status,
  openTaskElementIds = [],
  statusHistory = [],
}: CaseProgressInput): CaseProgress {
  const task = openTaskElementIds.map((id) => POSITIONS[id]).find(Boolean);
  const byStatus = BY_STATUS[status] ?? { step: 'Eingegangen' as CaseStep, text: status };
  if (status === 'closed') {
    return { current: STEP.Abgeschlossen, ended: false, complete: true, position: byStatus.text };
  }
  if (ENDED_EARLY.has(status)) {
    let step = STEP[byStatus.step];
    if (status === 'consent-revoked') {
      // Ended at the step it had reached when the consent was revoked.
      const before = [...statusHistory].reverse().find((s) => BY_STATUS[s] && !ENDED_EARLY.has(s));
      if (before) step = STEP[BY_STATUS[before].step];
    }
    return { current: step, ended: true, complete: false, position: byStatus.text };
  }
  const at = task ?? byStatus;
  // A guardian's consent that ended at 18 does not move the case back: it waits where it is.
  const step = at === POSITIONS.Task_ObtainOwnConsent ? byStatus.step : at.step;
  return { current: STEP[step], ended: false, complete: false, position: at.text };
}
