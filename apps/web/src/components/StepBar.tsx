import { CASE_STEPS, caseProgress } from '../caseProgress';
import type { Referral } from '../api';
import { formatDateTime } from '../format';
import '../styles/case.css';

/**
 * Where the case stands, as an ordered list of its steps: done, current (`aria-current="step"`)
 * and upcoming are told by a word and a mark, not by colour only. A case that ended early (not
 * in the target group, no consent, revoked) is shown as ended at its step, with the reason.
 */
export function StepBar({ referral }: { referral: Referral }) {
  const progress = caseProgress({
    status: referral.status,
    openTaskElementIds: referral.openTasks.map((t) => t.elementId),
    statusHistory: referral.history
      .map((h) => h.status)
      .filter((s): s is NonNullable<typeof s> => !!s),
  });
  const reason = progress.ended ? referral.statusReason?.message : null;
  // Scheduled: which date it waits for.
  const conference =
    referral.status === 'scheduled' && referral.conference && !referral.conference.discussed
      ? ` am ${formatDateTime(referral.conference.startsAt)}`
      : '';
  return (
    <section aria-labelledby="case-progress-heading" className="case-progress">
      <h2 id="case-progress-heading" className="visually-hidden">
        Stand des Falls
      </h2>
      <ol className="step-bar" aria-label="Schritte des Falls">
        {CASE_STEPS.map((step, index) => {
          const done = progress.complete || index < progress.current;
          const current = !progress.complete && index === progress.current;
          const state = current
            ? progress.ended
              ? 'beendet'
              : 'aktueller Schritt'
            : done
              ? 'erledigt'
              : progress.ended
                ? 'entfällt'
                : 'ausstehend';
          const modifier = current
            ? progress.ended
              ? 'ended'
              : 'current'
            : done
              ? 'done'
              : progress.ended
                ? 'skipped'
                : 'upcoming';
          return (
            <li
              key={step}
              className={`step-bar__step step-bar__step--${modifier}`}
              aria-current={current ? 'step' : undefined}
              data-state={modifier}
            >
              <span className="step-bar__marker" aria-hidden="true">
                {done ? '✓' : current && progress.ended ? '✕' : index + 1}
              </span>
              <span>
                {step}
                <span className="visually-hidden">: {state}</span>
              </span>
            </li>
          );
        })}
      </ol>
      <p className="case-position" data-testid="case-position">
        <strong>
          {progress.position}
          {conference}
        </strong>
        {reason && reason !== progress.position && <span> – {reason}</span>}
      </p>
    </section>
  );
}
