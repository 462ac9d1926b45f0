import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { api, ApiError } from '../api';
import type { TaskDetail } from '../api';
import { isCoordinator, useUser } from '../auth';
import { CaseSelectionEditor } from '../components/CaseSelectionEditor';
import { CaseSummaryBox } from '../components/CaseSummaryBox';
import { ConferenceSummaryBox } from '../components/ConferenceSummaryBox';
import { ConsentTaskForm } from '../components/ConsentTaskForm';
import { FieldErrors } from '../components/FieldErrors';
import type { FieldErrorItem } from '../components/FieldErrors';
import { flattenFormErrors, FormView, schemaFields } from '../components/FormView';
import type { FieldInfo, FormSubmission, FormViewHandle } from '../components/FormView';
import { ErrorMessage, Loading, Notice } from '../components/Status';
import { formatDateTime } from '../format';
import { toApiError, useDocumentTitle, useResource } from '../hooks';
import { ProtocolEditor } from './ProtocolEditor';

/** How long "Aufgabe abgeschlossen." stays before going back to the list. */
const BACK_TO_LIST_AFTER_MS = 1500;

const STATE_NOTES: Record<string, string> = {
  completed: 'Diese Aufgabe ist bereits abgeschlossen.',
  canceled: 'Diese Aufgabe wurde abgebrochen; sie muss nicht mehr bearbeitet werden.',
};

export function TaskDetailPage({ id }: { id: string }) {
  const user = useUser();
  const navigate = useNavigate();
  const task = useResource(`task:${id}`, (signal) => api.task(id, signal));
  const detail = task.data;
  useDocumentTitle(detail?.name ?? 'Aufgabe');

  const formRef = useRef<FormViewHandle>(null);
  const errorsRef = useRef<HTMLDivElement>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  /** Why completing failed (409 …), shown beside the "Abschließen" button. */
  const [completeError, setCompleteError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrorItem[]>([]);
  /** Whether the listed field errors come from form-js (kept up to date while typing). */
  const [clientErrors, setClientErrors] = useState(false);
  const [completed, setCompleted] = useState(false);

  // Back to the list the task was opened from, which confirms the completion (TaskListPage).
  const listSearch = (useLocation().state as { listSearch?: string } | null)?.listSearch ?? '';
  const completedName = detail?.name;
  useEffect(() => {
    if (!completed) return;
    const timer = window.setTimeout(
      () =>
        navigate(`/aufgaben${listSearch}`, {
          state: { notice: `Aufgabe „${completedName ?? ''}“ abgeschlossen.` },
        }),
      BACK_TO_LIST_AFTER_MS,
    );
    return () => window.clearTimeout(timer);
  }, [completed, navigate, listSearch, completedName]);

  const [focusErrors, setFocusErrors] = useState(0);
  useEffect(() => {
    if (focusErrors) errorsRef.current?.focus();
  }, [focusErrors]);

  const schema = detail?.form?.schema;
  const clientErrorItems = useCallback(
    (errors: Record<string, unknown>): FieldErrorItem[] => {
      const fields = schema ? schemaFields(schema) : new Map<string, FieldInfo>();
      return flattenFormErrors(errors).map(([path, messages]) => {
        const info = fields.get(path.replace(/\[\d+\].*$/, ''));
        return { field: info?.key ?? path, label: info?.label, messages };
      });
    },
    [schema],
  );

  async function run(action: () => Promise<TaskDetail>, success: (t: TaskDetail) => string) {
    setBusy(true);
    setActionError(null);
    setCompleteError(null);
    setNotice(null);
    try {
      const updated = await action();
      task.setData(updated);
      setNotice(success(updated));
    } catch (reason) {
      setActionError(toApiError(reason));
      task.reload();
    } finally {
      setBusy(false);
    }
  }

  const complete = useCallback(
    async (variables: Record<string, unknown>) => {
      setBusy(true);
      setActionError(null);
      setCompleteError(null);
      setNotice(null);
      setFieldErrors([]);
      setClientErrors(false);
      try {
        await api.complete(id, variables);
        setCompleted(true);
      } catch (reason) {
        const error = toApiError(reason);
        if (error.status === 400 && error.fieldErrors.length) {
          const fields = schema ? schemaFields(schema) : new Map<string, FieldInfo>();
          setFieldErrors(
            error.fieldErrors.map((e) => ({
              field: e.field,
              label: fields.get(e.field)?.label,
              messages: e.messages,
            })),
          );
          setFocusErrors((n) => n + 1);
        } else {
          setCompleteError(error);
          if (error.status === 409) task.reload();
        }
      } finally {
        setBusy(false);
      }
    },
    [id, schema, task],
  );

  const handleFormSubmit = useCallback(
    (submission: FormSubmission) => {
      const items = clientErrorItems(submission.errors);
      if (items.length) {
        setNotice(null);
        setActionError(null);
        setCompleteError(null);
        setFieldErrors(items);
        setClientErrors(true);
        setFocusErrors((n) => n + 1);
        return;
      }
      void complete(submission.data);
    },
    [complete, clientErrorItems],
  );

  // While form-js errors are listed, the list follows the corrections.
  const handleErrorsChange = useCallback(
    (errors: Record<string, unknown>) => {
      if (clientErrors) setFieldErrors(clientErrorItems(errors));
    },
    [clientErrors, clientErrorItems],
  );

  if (!detail) {
    return (
      <>
        <BackLink listSearch={listSearch} />
        {task.loading ? <Loading /> : <ErrorMessage error={task.error} />}
      </>
    );
  }

  const open = detail.state === 'open' && !completed;
  const canComplete = open && (detail.assignedToMe || !detail.assignee);
  const coordinator = isCoordinator(user);
  // *Protokoll erfassen* has its own editor instead of a Camunda Form.
  const protocolId =
    detail.form?.formId === 'record-protocol' ? String(detail.form.data.protocolId ?? '') : '';

  function handleComplete() {
    if (!canComplete || busy) return;
    if (detail?.form && formRef.current) formRef.current.submit();
    else if (!detail?.form) void complete({});
  }

  return (
    <>
      <BackLink listSearch={listSearch} />
      <h1>{detail.name}</h1>
      <p className="meta" aria-label="Stand der Aufgabe">
        <span>
          Zugewiesen an:{' '}
          <strong>
            {detail.assignee
              ? `${detail.assignee.displayName}${detail.assignedToMe ? ' (Sie)' : ''}`
              : 'niemandem'}
          </strong>
        </span>
        <span>
          Fällig: <strong>{formatDateTime(detail.dueAt)}</strong>
          {detail.overdue && open && <span className="badge badge-danger">überfällig</span>}
        </span>
        {detail.followUpAt && <span>Wiedervorlage: {formatDateTime(detail.followUpAt)}</span>}
        <span>
          Priorität: <strong>{detail.priorityLabel}</strong>
        </span>
      </p>

      {!completed && STATE_NOTES[detail.state] && <Notice>{STATE_NOTES[detail.state]}</Notice>}

      {open && (
        <div className="toolbar">
          {!detail.assignedToMe && (
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                void run(
                  () => api.claim(id),
                  () => 'Sie haben die Aufgabe übernommen.',
                )
              }
            >
              Übernehmen
            </button>
          )}
          {detail.assignedToMe && (
            <button
              type="button"
              className="button-secondary"
              disabled={busy}
              onClick={() =>
                void run(
                  () => api.unclaim(id),
                  () => 'Die Aufgabe ist wieder frei.',
                )
              }
            >
              Freigeben
            </button>
          )}
          {coordinator && (
            <AssignControl
              current={detail.assignee?.id ?? ''}
              disabled={busy}
              onAssign={(userId) =>
                void run(
                  () => api.assign(id, userId),
                  (updated) =>
                    `Die Aufgabe ist jetzt ${updated.assignee?.displayName ?? 'neu'} zugewiesen.`,
                )
              }
            />
          )}
        </div>
      )}

      {notice && <Notice tone="success">{notice}</Notice>}
      <ErrorMessage error={actionError} />

      <div className="task-layout">
        {detail.conference ? (
          <aside className="task-layout__case">
            <ConferenceSummaryBox conference={detail.conference} />
          </aside>
        ) : (
          detail.case && (
            <aside className="task-layout__case">
              <CaseSummaryBox summary={detail.case} />
            </aside>
          )
        )}
        <section className="task-layout__form card" aria-labelledby="task-form-heading">
          <h2 id="task-form-heading">Bearbeiten</h2>
          {protocolId ? (
            <ProtocolEditor
              taskId={id}
              protocolId={protocolId}
              editable={open}
              canFinalize={canComplete}
            />
          ) : detail.form?.formId === 'select-cases' ? (
            // *Fälle auswählen*: a searchable table instead of the form's checklist.
            <CaseSelectionEditor
              ref={formRef}
              data={detail.form.data}
              readOnly={!canComplete}
              onSubmit={handleFormSubmit}
              onErrorsChange={handleErrorsChange}
            />
          ) : detail.form?.formId === 'obtain-consent' ? (
            <ConsentTaskForm
              ref={formRef}
              id="task-form"
              birthDate={detail.case?.youngPerson?.birthDate}
              readOnly={!canComplete}
              onSubmit={handleFormSubmit}
            />
          ) : detail.form ? (
            <FormView
              ref={formRef}
              id="task-form"
              schema={detail.form.schema}
              data={detail.form.data}
              readOnly={!canComplete}
              onSubmit={handleFormSubmit}
              onErrorsChange={handleErrorsChange}
            />
          ) : (
            <p className="muted">Für diese Aufgabe ist kein Formular hinterlegt.</p>
          )}
          <FieldErrors items={fieldErrors} ref={errorsRef} />
          <ErrorMessage error={completeError} />
          {completed && <Notice tone="success">Aufgabe abgeschlossen.</Notice>}
          {open && !canComplete && (
            <p className="muted note">
              Diese Aufgabe ist {detail.assignee?.displayName ?? 'jemand anderem'} zugewiesen.
              Übernehmen Sie sie, um sie abzuschließen.
            </p>
          )}
          {open && !protocolId && (
            <div className="form-actions">
              <button
                type="button"
                className="button-primary"
                onClick={handleComplete}
                disabled={!canComplete || busy}
              >
                Abschließen
              </button>
            </div>
          )}
        </section>
      </div>
    </>
  );
}

/** Back to the list as the user left it (view, search, page), when they came from there. */
function BackLink({ listSearch }: { listSearch: string }) {
  return (
    <p className="back-link">
      <Link to={`/aufgaben${listSearch}`}>← Zur Aufgabenliste</Link>
    </p>
  );
}

interface AssignControlProps {
  current: string;
  disabled: boolean;
  onAssign: (userId: string) => void;
}

/** Coordinators assign the task to a colleague of their institution. */
function AssignControl({ current, disabled, onAssign }: AssignControlProps) {
  const colleagues = useResource('colleagues', (signal) => api.colleagues(signal));
  const [selected, setSelected] = useState(current);

  return (
    <form
      className="assign"
      onSubmit={(event) => {
        event.preventDefault();
        if (selected) onAssign(selected);
      }}
    >
      <div className="field field--inline">
        <label htmlFor="assign-to">Zuweisen an</label>
        <select
          id="assign-to"
          value={selected}
          onChange={(event) => setSelected(event.target.value)}
          disabled={!colleagues.data}
        >
          <option value="">— bitte wählen —</option>
          {colleagues.data?.map((colleague) => (
            <option key={colleague.id} value={colleague.id}>
              {colleague.displayName}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={disabled || !selected || selected === current}>
        Zuweisen
      </button>
      <ErrorMessage error={colleagues.error} />
    </form>
  );
}
