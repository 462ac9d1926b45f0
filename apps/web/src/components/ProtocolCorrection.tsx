import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api';
import type { ApiError, CaseFollowUp, FieldError, ProtocolEditorView } from '../api';
import { toApiError, useResource } from '../hooks';
import { FieldErrors } from './FieldErrors';
import { Field, fieldId, messagesOf } from './FormFields';
import { ProtocolContentFields } from './ProtocolContentFields';
import { errorItems, loadValues, normaliseErrors, toContent } from './protocolValues';
import type { ProtocolValues } from './protocolValues';
import { ErrorMessage, Loading } from './Status';

interface ProtocolCorrectionProps {
  protocolId: string;
  onCorrected: (followUp: CaseFollowUp) => void;
  onCancel: () => void;
}

/** Berichtigen: the current content to change, with the reason; saved as a new version. */
export function ProtocolCorrection({ protocolId, onCorrected, onCancel }: ProtocolCorrectionProps) {
  const loaded = useResource(`protocol-correction:${protocolId}`, async (signal) => {
    const view = await api.protocol(protocolId, signal);
    return { view, values: await loadValues(view, signal) };
  });
  if (!loaded.data) {
    return loaded.loading ? <Loading /> : <ErrorMessage error={loaded.error} />;
  }
  return (
    <CorrectionForm
      view={loaded.data.view}
      initialValues={loaded.data.values}
      onCorrected={onCorrected}
      onCancel={onCancel}
    />
  );
}

const NO_WARNINGS = new Map();

interface CorrectionFormProps {
  view: ProtocolEditorView;
  initialValues: ProtocolValues;
  onCorrected: (followUp: CaseFollowUp) => void;
  onCancel: () => void;
}

function CorrectionForm({ view, initialValues, onCorrected, onCancel }: CorrectionFormProps) {
  const prefix = `correction-${view.id.slice(0, 8)}`;
  const [values, setValues] = useState(initialValues);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const problemsRef = useRef<HTMLDivElement>(null);
  const [focusProblems, setFocusProblems] = useState(0);
  useEffect(() => {
    if (focusProblems) problemsRef.current?.focus();
  }, [focusProblems]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setErrors([]);
    setError(null);
    try {
      const content = toContent(
        values,
        view.institutions.map((i) => i.id),
      );
      onCorrected(await api.correctProtocol(view.id, reason.trim(), content));
    } catch (reason) {
      const failure = toApiError(reason);
      if (failure.status === 400 && failure.fieldErrors.length) {
        setErrors(normaliseErrors(failure.fieldErrors));
      } else {
        setError(failure);
      }
      setFocusProblems((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  const summary = errorItems(errors, prefix);
  return (
    <form
      className="protocol-correction"
      aria-label={`Berichtigung des Protokolls zu Fall ${view.caseReference}`}
      onSubmit={(event) => void submit(event)}
      autoComplete="off"
      noValidate
      aria-busy={busy}
    >
      <div ref={problemsRef} tabIndex={-1} className="form-problems">
        {summary.length > 0 ? (
          <FieldErrors items={summary} heading="Bitte prüfen Sie:" />
        ) : (
          <ErrorMessage error={error} />
        )}
      </div>
      <Field
        id={fieldId(prefix, 'reason')}
        label="Grund der Berichtigung"
        required
        hint="Steht in der neuen Version und geht mit ihr an die Berechtigten."
        error={messagesOf(errors, 'reason') || undefined}
      >
        {(control) => (
          <input
            {...control}
            type="text"
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Field>
      <ProtocolContentFields
        idPrefix={prefix}
        values={values}
        onChange={(changes) => setValues((current) => ({ ...current, ...changes }))}
        institutions={view.institutions}
        kinds={view.kinds}
        warnings={NO_WARNINGS}
        errors={errors}
      />
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          Berichtigung speichern
        </button>
        <button type="button" className="button-secondary" onClick={onCancel} disabled={busy}>
          Abbrechen
        </button>
        {busy && (
          <span className="muted form-actions__status" role="status">
            Wird gespeichert …
          </span>
        )}
      </div>
    </form>
  );
}
