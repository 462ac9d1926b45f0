import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, ApiError } from '../api';
import type { DoubleSupportWarning, FieldError, ProtocolEditorView } from '../api';
import { FieldErrors } from '../components/FieldErrors';
import { ProtocolContentFields } from '../components/ProtocolContentFields';
import {
  errorItems,
  loadValues,
  normaliseErrors,
  toContent,
  warningsByRow,
} from '../components/protocolValues';
import type { ProtocolValues } from '../components/protocolValues';
import { ErrorMessage, Loading, Notice } from '../components/Status';
import { formatDateTime, formatTime } from '../format';
import { toApiError, useResource } from '../hooks';
import type { CaseNoticeState } from './ReferralFormPage';

const PREFIX = 'protocol';

interface ProtocolEditorProps {
  /** The task "Protokoll erfassen"; completing it finalizes the saved draft. */
  taskId: string;
  protocolId: string;
  /** The task is open: drafts may be saved. */
  editable: boolean;
  /** The user may complete the task (assigned to them or to nobody). */
  canFinalize: boolean;
}

/**
 * The editor of the task *Protokoll erfassen*: drafts are saved with PUT (the answer brings
 * double-support warnings); "Protokoll abschließen" saves and completes the task.
 */
export function ProtocolEditor({ taskId, protocolId, editable, canFinalize }: ProtocolEditorProps) {
  const loaded = useResource(`protocol:${protocolId}`, async (signal) => {
    const view = await api.protocol(protocolId, signal);
    return { view, values: await loadValues(view, signal) };
  });
  if (!loaded.data) {
    return loaded.loading ? (
      <Loading label="Protokoll wird geladen …" />
    ) : (
      <ErrorMessage error={loaded.error} />
    );
  }
  return (
    <ProtocolEditorForm
      taskId={taskId}
      view={loaded.data.view}
      initialValues={loaded.data.values}
      editable={editable && loaded.data.view.state === 'draft'}
      canFinalize={canFinalize}
    />
  );
}

interface ProtocolEditorFormProps {
  taskId: string;
  view: ProtocolEditorView;
  initialValues: ProtocolValues;
  editable: boolean;
  canFinalize: boolean;
}

function ProtocolEditorForm({
  taskId,
  view,
  initialValues,
  editable,
  canFinalize,
}: ProtocolEditorFormProps) {
  const navigate = useNavigate();
  const [values, setValues] = useState(initialValues);
  const [warnings, setWarnings] = useState<Map<string, DoubleSupportWarning[]>>(() =>
    warningsByRow(view.warnings, initialValues.measures),
  );
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<'save' | 'finalize' | null>(null);
  const problemsRef = useRef<HTMLDivElement>(null);
  const [focusProblems, setFocusProblems] = useState(0);
  useEffect(() => {
    if (focusProblems) problemsRef.current?.focus();
  }, [focusProblems]);

  const institutionOrder = view.institutions.map((i) => i.id);
  const readOnly = !editable;

  function fail(reason: unknown) {
    const failure = toApiError(reason);
    if (failure.status === 400 && failure.fieldErrors.length) {
      setErrors(normaliseErrors(failure.fieldErrors));
    } else {
      setError(failure);
    }
    setFocusProblems((n) => n + 1);
  }

  /** PUT the draft; true when saved. */
  async function save(): Promise<boolean> {
    const measures = values.measures;
    try {
      const saved = await api.saveProtocolDraft(view.id, toContent(values, institutionOrder));
      setWarnings(warningsByRow(saved.warnings, measures));
      setSavedAt(saved.draftSavedAt ?? new Date().toISOString());
      return true;
    } catch (reason) {
      fail(reason);
      return false;
    }
  }

  async function run(action: 'save' | 'finalize') {
    if (busy) return;
    setBusy(action);
    setErrors([]);
    setError(null);
    try {
      if (!(await save()) || action === 'save') return;
      await api.complete(taskId, {});
      const state: CaseNoticeState = {
        notice: 'Das Protokoll ist abgeschlossen und wird an die Berechtigten verteilt.',
      };
      navigate(`/faelle/${encodeURIComponent(view.caseId)}`, { state });
    } catch (reason) {
      fail(reason);
    } finally {
      setBusy(null);
    }
  }

  const summary = errorItems(errors, PREFIX);

  return (
    <form
      id="protocol-editor"
      className="protocol-editor"
      aria-labelledby="protocol-editor-heading"
      aria-busy={busy !== null}
      autoComplete="off"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void run('save');
      }}
    >
      <header className="protocol-editor__header">
        <h3 id="protocol-editor-heading">Protokoll zu Fall {view.caseReference}</h3>
        <p className="meta">
          <span>
            Fallkonferenz: <strong>{formatDateTime(view.conferenceStartsAt)}</strong>
          </span>
          <span>
            Ort: <strong>{view.conferencePlace}</strong>
          </span>
        </p>
      </header>

      {view.state === 'final' && (
        <Notice>
          Das Protokoll ist abgeschlossen (Version {view.currentVersion}). Änderungen sind nur als
          Berichtigung auf der <Link to={`/faelle/${view.caseId}`}>Seite des Falls</Link> möglich.
        </Notice>
      )}

      <div ref={problemsRef} tabIndex={-1} className="form-problems">
        {summary.length > 0 ? (
          <FieldErrors items={summary} heading="Bitte prüfen Sie:" />
        ) : (
          <ErrorMessage error={error} />
        )}
      </div>

      <ProtocolContentFields
        idPrefix={PREFIX}
        values={values}
        onChange={(changes) => setValues((current) => ({ ...current, ...changes }))}
        institutions={view.institutions}
        kinds={view.kinds}
        warnings={warnings}
        errors={errors}
        readOnly={readOnly}
      />

      {editable && (
        <div className="form-actions">
          <button type="submit" className="button-secondary" disabled={busy !== null}>
            Entwurf speichern
          </button>
          <button
            type="button"
            className="button-primary"
            disabled={busy !== null || !canFinalize}
            onClick={() => void run('finalize')}
          >
            Protokoll abschließen
          </button>
          <span className="muted form-actions__status" role="status">
            {busy === 'save' && 'Wird gespeichert …'}
            {busy === 'finalize' && 'Wird abgeschlossen …'}
            {!busy && savedAt && `Entwurf gespeichert um ${formatTime(savedAt)}`}
            {!busy &&
              !savedAt &&
              view.draftSavedAt &&
              `Entwurf zuletzt gespeichert ${formatDateTime(view.draftSavedAt)}`}
          </span>
        </div>
      )}
      {editable && (
        <p className="muted note">
          Mit dem Abschließen wird Version 1 festgestellt und an die Stellen verteilt, die die
          Einwilligung nennt. Danach sind Änderungen nur als Berichtigung möglich.
        </p>
      )}
    </form>
  );
}
