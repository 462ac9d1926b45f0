import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { Consent, FieldError } from '../api';
import { revokeConsent } from '../caseApi';
import { berlinToday, formatDate } from '../format';
import { toApiError, useFormProblems } from '../hooks';
import { clientValidationError } from './ConsentFields';
import { FieldErrors, summaryItems } from './FieldErrors';
import { Field, fieldId, messagesOf } from './FormFields';
import { ErrorMessage } from './Status';
import '../styles/case.css';

const PREFIX = 'revocation';
const REASON_MAX = 2000;
const LABELS: Record<string, string> = {
  declaredOn: 'Widerruf erklärt am',
  reason: 'Grund (freiwillig)',
};

interface RevokeConsentDialogProps {
  referralId: string;
  /** The consent to revoke; null: the dialog is closed. */
  consent: Consent | null;
  onClose: () => void;
  onRevoked: (consent: Consent) => void;
}

/**
 * Widerruf as a deliberate step: a modal native <dialog> (the browser keeps the focus inside,
 * Esc closes it) asking for the day the revocation was declared and, optionally, why.
 */
export function RevokeConsentDialog({
  referralId,
  consent,
  onClose,
  onRevoked,
}: RevokeConsentDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [today] = useState(berlinToday);
  const [declaredOn, setDeclaredOn] = useState(today);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const problems = useFormProblems();
  const [focusKey, setFocusKey] = useState(0);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (consent && !dialog.open) {
      setDeclaredOn(today);
      setReason('');
      problems.clear();
      dialog.showModal();
    } else if (!consent && dialog.open) {
      dialog.close();
    }
    // Opens and closes with the consent only.
  }, [consent]);

  function localProblems(): FieldError[] {
    const list: FieldError[] = [];
    if (!declaredOn)
      list.push({ field: 'declaredOn', messages: ['Bitte geben Sie ein Datum ein (TT.MM.JJJJ).'] });
    else if (declaredOn > today)
      list.push({ field: 'declaredOn', messages: ['Das Datum darf nicht in der Zukunft liegen.'] });
    else if (consent && declaredOn < consent.signedOn)
      list.push({
        field: 'declaredOn',
        messages: [
          `Der Widerruf kann nicht vor der Unterschrift (${formatDate(consent.signedOn)}) erklärt worden sein.`,
        ],
      });
    if (reason.length > REASON_MAX)
      list.push({ field: 'reason', messages: [`Höchstens ${REASON_MAX} Zeichen.`] });
    return list;
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!consent || busy) return;
    problems.clear();
    const found = localProblems();
    if (found.length) {
      problems.show(clientValidationError(found));
      setFocusKey((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      const revoked = await revokeConsent(referralId, consent.id, {
        declaredOn,
        reason: reason.trim() || undefined,
      });
      onRevoked(revoked);
    } catch (failure) {
      problems.show(toApiError(failure));
      setFocusKey((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  const id = (field: string) => fieldId(PREFIX, field);
  const error = (field: string) => messagesOf(problems.fieldErrors, field) || undefined;

  return (
    <dialog
      ref={ref}
      className="revoke-dialog"
      aria-labelledby="revoke-dialog-heading"
      aria-describedby="revoke-dialog-warning"
      onClose={onClose}
      onCancel={() => onClose()}
    >
      <form onSubmit={(event) => void submit(event)} noValidate aria-busy={busy}>
        <h2 id="revoke-dialog-heading">Widerruf der Einwilligung erfassen</h2>
        {consent && (
          <p id="revoke-dialog-warning" className="alert alert-warning">
            Einwilligung vom {formatDate(consent.signedOn)}: Ab sofort erhält niemand mehr Angaben
            auf ihrer Grundlage. Bleibt keine gültige Einwilligung, wird der Fall von den
            Tagesordnungen genommen und beendet. Das lässt sich nicht rückgängig machen.
          </p>
        )}
        <FieldErrors
          items={summaryItems(problems.fieldErrors, LABELS, id)}
          heading="Bitte prüfen Sie:"
          focusKey={focusKey}
        />
        {problems.fieldErrors.length === 0 && <ErrorMessage error={problems.error} />}
        <Field
          id={id('declaredOn')}
          label={LABELS.declaredOn}
          required
          hint="Der Tag, an dem der junge Mensch oder die Erziehungsberechtigten widerrufen haben."
          error={error('declaredOn')}
        >
          {(control) => (
            <input
              {...control}
              type="date"
              min={consent?.signedOn}
              max={today}
              value={declaredOn}
              onChange={(event) => setDeclaredOn(event.target.value)}
            />
          )}
        </Field>
        <Field
          id={id('reason')}
          label={LABELS.reason}
          hint="Nur für die Akte; erscheint im Verlauf des Falls für Stellen mit Einsicht in die personenbezogenen Daten."
          error={error('reason')}
        >
          {(control) => (
            <textarea
              {...control}
              maxLength={REASON_MAX}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button-danger" disabled={busy}>
            Widerruf verbindlich erfassen
          </button>
          <button type="button" className="button-secondary" onClick={onClose} disabled={busy}>
            Abbrechen
          </button>
        </div>
      </form>
    </dialog>
  );
}
