import { useState } from 'react';
import type { FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api';
import type {
  ApiError,
  ConferenceChanges,
  ConferenceDetail,
  ConferenceNotification,
  FieldError,
} from '../api';
import '../styles/conference.css';
import { canManageConferences, useUser } from '../auth';
import { ConferenceForm, conferenceValues, toConferencePlan } from '../components/ConferenceForm';
import type { ConferenceFormValues } from '../components/ConferenceForm';
import { ConferenceStatusBadge } from '../components/ConferenceStatusBadge';
import { OpenTasksSection } from '../components/OpenTasksSection';
import { ErrorMessage, Loading, Notice } from '../components/Status';
import { formatDateTime, formatTimeRange, formatWeekdayDate, plural } from '../format';
import { toApiError, useDocumentTitle, useResource, useFormProblems } from '../hooks';

const RESCHEDULED = 'Termin geändert.';
const CANCELLED = 'Termin abgesagt. Die Fälle warten wieder auf eine Fallkonferenz.';

export function ConferenceDetailPage({ id }: { id: string }) {
  const user = useUser();
  const conference = useResource(`conference:${id}`, (signal) => api.conference(id, signal));
  const data = conference.data;
  const [notice, setNotice] = useState<string | null>(null);
  /** Why rescheduling or cancelling was refused (409); stays while the forms reload. */
  const [conflict, setConflict] = useState<ApiError | null>(null);
  useDocumentTitle(data ? `Fallkonferenz am ${formatWeekdayDate(data.startsAt)}` : 'Fallkonferenz');

  if (!data) {
    return (
      <>
        <BackLink />
        {conference.loading ? <Loading /> : <ErrorMessage error={conference.error} />}
      </>
    );
  }

  const cancelled = data.status === 'cancelled';
  const changeable = canManageConferences(user) && !cancelled && data.status !== 'held';

  const actions = {
    onStart: () => {
      setNotice(null);
      setConflict(null);
    },
    onDone: (message: string) => {
      setNotice(message);
      conference.reload();
      window.scrollTo({ top: 0 });
    },
    onConflict: (error: ApiError) => {
      setConflict(error);
      conference.reload();
    },
  };

  return (
    <>
      <BackLink />
      <h1>Fallkonferenz am {formatWeekdayDate(data.startsAt)}</h1>
      <p className="meta">
        <ConferenceStatusBadge conference={data} />
        <span>{data.kindLabel}</span>
      </p>

      {notice && <Notice tone="success">{notice}</Notice>}
      <ErrorMessage error={conference.error} />

      {cancelled && (
        <p className="alert alert-info">
          Abgesagt{data.cancelledAt && ` am ${formatDateTime(data.cancelledAt)}`}
          {data.cancelReason && (
            <>
              : <span className="prewrap">{data.cancelReason}</span>
            </>
          )}
        </p>
      )}

      <section className="card" aria-labelledby="conference-facts-heading">
        <h2 id="conference-facts-heading" className="visually-hidden">
          Termin
        </h2>
        <dl className="facts">
          <dt>Uhrzeit</dt>
          <dd>{formatTimeRange(data.startsAt, data.endsAt)} Uhr</dd>
          <dt>Ort</dt>
          <dd>{data.place}</dd>
          <dt>Art</dt>
          <dd>{data.kindLabel}</dd>
          <dt>Plätze</dt>
          <dd>
            {data.capacity}
            {data.agendaCount > 0 && (
              <span className="muted">
                {' '}
                ({plural(data.agendaCount, 'Fall', 'Fälle')} auf der Tagesordnung)
              </span>
            )}
          </dd>
          <dt>Meldeschluss</dt>
          <dd>{formatDateTime(data.referralDeadline)} Uhr</dd>
          <dt>Aufruf zur Fallmeldung</dt>
          <dd>{formatDateTime(data.callForReferralsAt)} Uhr</dd>
          <dt>Status</dt>
          <dd>{data.statusLabel}</dd>
        </dl>
      </section>

      <AgendaSection conference={data} />

      <OpenTasksSection id="conference-tasks-heading" tasks={data.openTasks} />

      <OtherCasesSections conference={data} />

      {data.attendance.length > 0 && (
        <section aria-labelledby="conference-attendance-heading">
          <h2 id="conference-attendance-heading">Anwesenheit</h2>
          <ul className="plain-list">
            {data.attendance.map((entry) => (
              <li key={entry.institutionId} data-institution-id={entry.institutionId}>
                {entry.name}
              </li>
            ))}
          </ul>
        </section>
      )}

      <NotificationsSection notifications={data.notifications} />

      <ErrorMessage error={conflict} />
      {changeable && (
        <div className="case-grid conference-actions">
          {/* A fresh form per version: after a change it shows the new values. */}
          <RescheduleSection key={`reschedule-${data.version}`} conference={data} {...actions} />
          <CancelSection key={`cancel-${data.version}`} conferenceId={data.id} {...actions} />
        </div>
      )}
    </>
  );
}

function BackLink() {
  return (
    <p className="back-link">
      <Link to="/konferenzen">← Zu den Fallkonferenzen</Link>
    </p>
  );
}

type AgendaEntry = ConferenceDetail['agenda'][number];

/** States of a case on the agenda (numbered); the others are listed below it, collapsed. */
const ON_AGENDA = ['selected', 'discussed', 'not-discussed'];
const OTHER_STATES = ['proposed', 'returned', 'withdrawn'];

/** *Tagesordnung*: the cases on the agenda, in its order, numbered. */
function AgendaSection({ conference }: { conference: ConferenceDetail }) {
  const items = conference.agenda
    .filter((entry) => ON_AGENDA.includes(entry.state))
    .sort((a, b) => (a.agendaNumber ?? Infinity) - (b.agendaNumber ?? Infinity));
  const proposed = conference.agenda.filter((entry) => entry.state === 'proposed').length;
  const hiddenOnAgenda = Math.max(0, conference.agendaCount - items.length);
  return (
    <section aria-labelledby="conference-agenda-heading" className="conference-agenda">
      <h2 id="conference-agenda-heading">Tagesordnung</h2>
      {items.length > 0 ? (
        <div className="table-wrap">
          <table className="table agenda-table">
            <caption className="visually-hidden">
              Tagesordnung, {plural(conference.agendaCount, 'Fall', 'Fälle')} in der Reihenfolge der
              Besprechung
            </caption>
            <thead>
              <tr>
                <th scope="col">Nr.</th>
                <th scope="col">Aktenzeichen</th>
                <th scope="col">Meldende Stelle</th>
                <th scope="col">Stand</th>
              </tr>
            </thead>
            <tbody>
              {items.map((entry) => (
                <tr key={entry.caseId} data-case-id={entry.caseId}>
                  <td className="numeric">{entry.agendaNumber ?? '—'}</td>
                  <td>
                    <CaseLink entry={entry} />
                  </td>
                  <td>{entry.referringInstitution.name}</td>
                  <td>{entry.stateLabel}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : conference.agendaCount > 0 ? null : proposed > 0 ? (
        <p className="muted">
          Meldeschluss erreicht: Die Koordination wählt{' '}
          {plural(conference.capacity, 'Fall', 'Fälle')} aus{' '}
          {plural(proposed, 'gemeldetem Fall', 'gemeldeten Fällen')} aus.
        </p>
      ) : conference.status === 'cancelled' ? (
        <p className="muted">Der Termin ist abgesagt; es gibt keine Tagesordnung.</p>
      ) : (
        <p className="muted">
          Noch keine Tagesordnung (Meldeschluss ist am {formatDateTime(conference.referralDeadline)}{' '}
          Uhr).
        </p>
      )}
      {hiddenOnAgenda > 0 && (
        <p className="muted" data-testid="agenda-hidden-count">
          {hiddenOnAgenda === 1
            ? 'Dazu 1 weiterer Fall, den Sie nicht einsehen können.'
            : `Dazu ${hiddenOnAgenda} weitere Fälle, die Sie nicht einsehen können.`}
        </p>
      )}
    </section>
  );
}

function CaseLink({ entry }: { entry: AgendaEntry }) {
  return <Link to={`/faelle/${encodeURIComponent(entry.caseId)}`}>{entry.reference}</Link>;
}

/** The cases not on the agenda: reported ones not chosen, and those carried over, collapsed. */
function OtherCasesSections({ conference }: { conference: ConferenceDetail }) {
  const others = conference.agenda.filter((entry) => OTHER_STATES.includes(entry.state));
  const carried = conference.agenda.filter((entry) => entry.state === 'carried-over');
  const onAgenda = conference.agenda.filter((entry) => ON_AGENDA.includes(entry.state)).length;
  const hiddenOthers = conference.hiddenCaseCount - Math.max(0, conference.agendaCount - onAgenda);
  return (
    <>
      {others.length > 0 && (
        <CollapsedCases
          id="conference-other-cases"
          title={`Weitere gemeldete Fälle (${others.length.toLocaleString('de-DE')})`}
          entries={others}
        />
      )}
      {carried.length > 0 && (
        <CollapsedCases
          id="conference-carried-over"
          title={`In die nächste Fallkonferenz verschoben (${carried.length.toLocaleString('de-DE')})`}
          entries={carried}
        />
      )}
      {hiddenOthers > 0 && (
        <p className="muted">
          {hiddenOthers === 1
            ? '1 weiterer gemeldeter Fall, den Sie nicht einsehen können.'
            : `${hiddenOthers.toLocaleString('de-DE')} weitere gemeldete Fälle, die Sie nicht einsehen können.`}
        </p>
      )}
    </>
  );
}

function CollapsedCases({
  id,
  title,
  entries,
}: {
  id: string;
  title: string;
  entries: AgendaEntry[];
}) {
  return (
    <details className="conference-cases" id={id}>
      <summary>
        <h2 className="conference-cases__title">{title}</h2>
      </summary>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Aktenzeichen</th>
              <th scope="col">Meldende Stelle</th>
              <th scope="col">Stand</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.caseId} data-case-id={entry.caseId}>
                <td>
                  <CaseLink entry={entry} />
                </td>
                <td>{entry.referringInstitution.name}</td>
                <td>{entry.stateLabel}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

const NOTIFICATION_TONES: Record<string, string> = {
  failed: 'badge-danger',
  sent: 'badge-success',
  queued: 'badge-info',
  withheld: 'badge-cancelled',
};

function NotificationsSection({ notifications }: { notifications: ConferenceNotification[] }) {
  const failed = notifications.filter((n) => n.status === 'failed').length;
  return (
    <section aria-labelledby="conference-notifications-heading">
      <h2 id="conference-notifications-heading">Versand</h2>
      {failed > 0 && (
        <p className="alert alert-error">
          {failed === 1
            ? 'Eine Benachrichtigung konnte nicht zugestellt werden.'
            : `${plural(failed, 'Benachrichtigung', 'Benachrichtigungen')} konnten nicht zugestellt werden.`}
        </p>
      )}
      {notifications.length === 0 ? (
        <p className="muted">Noch keine Benachrichtigungen.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Art</th>
                <th scope="col">Empfänger</th>
                <th scope="col">Status</th>
                <th scope="col">Versuche</th>
                <th scope="col">Fehler</th>
                <th scope="col">Versendet</th>
              </tr>
            </thead>
            <tbody>
              {notifications.map((notification) => (
                <tr
                  key={notification.id}
                  data-notification-id={notification.id}
                  data-status={notification.status}
                >
                  <td>{notification.templateLabel}</td>
                  <td>{notification.recipientLabel}</td>
                  <td>
                    <span
                      className={`badge badge--flush ${NOTIFICATION_TONES[notification.status] ?? 'badge-info'}`}
                    >
                      {notification.statusLabel}
                    </span>
                  </td>
                  <td className="numeric">{notification.attempts}</td>
                  <td className={notification.lastError ? 'error-text' : undefined}>
                    {notification.lastError ?? '—'}
                  </td>
                  <td className="nowrap">{formatDateTime(notification.sentAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Only what differs from the conference (PATCH). */
function changesOf(
  values: ConferenceFormValues,
  original: ConferenceFormValues,
): ConferenceChanges {
  const next = toConferencePlan(values);
  const before = toConferencePlan(original);
  const changes: ConferenceChanges = {};
  const sameInstant = (a?: string, b?: string) =>
    a !== undefined && b !== undefined && Date.parse(a) === Date.parse(b);
  if (!sameInstant(next.startsAt, before.startsAt)) changes.startsAt = next.startsAt;
  if (next.durationMinutes !== before.durationMinutes) {
    changes.durationMinutes = next.durationMinutes;
  }
  if (next.place !== before.place) changes.place = next.place;
  if (next.capacity !== before.capacity) changes.capacity = next.capacity;
  if (!sameInstant(next.referralDeadline, before.referralDeadline)) {
    changes.referralDeadline = next.referralDeadline;
  }
  return changes;
}

interface ChangeSectionProps {
  onStart: () => void;
  onDone: (message: string) => void;
  /** 409 (e.g. too late to reschedule): the page shows why and loads the conference again. */
  onConflict: (error: ApiError) => void;
}

function RescheduleSection({
  conference,
  onStart,
  onDone,
  onConflict,
}: ChangeSectionProps & { conference: ConferenceDetail }) {
  const [original] = useState(() => conferenceValues(conference));
  const [busy, setBusy] = useState(false);
  const problems = useFormProblems();
  const { error, fieldErrors } = problems;
  const [unchanged, setUnchanged] = useState(false);

  async function reschedule(values: ConferenceFormValues) {
    onStart();
    problems.clear();
    const changes = changesOf(values, original);
    setUnchanged(Object.keys(changes).length === 0);
    if (Object.keys(changes).length === 0) return;
    setBusy(true);
    try {
      await api.rescheduleConference(conference.id, changes);
      onDone(RESCHEDULED);
    } catch (reason) {
      const apiError = toApiError(reason);
      if (apiError.status === 409) onConflict(apiError);
      else problems.show(apiError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="conference-reschedule-heading">
      <h2 id="conference-reschedule-heading">Termin ändern</h2>
      <ConferenceForm
        id="conference-reschedule-form"
        idPrefix="reschedule"
        initial={original}
        submitLabel="Termin ändern"
        confirmLabel="Trotzdem ändern"
        conferenceId={conference.id}
        busy={busy}
        errors={fieldErrors}
        onSubmit={(values) => void reschedule(values)}
      >
        <ErrorMessage error={error} />
        {unchanged && <Notice>Sie haben nichts geändert.</Notice>}
      </ConferenceForm>
    </section>
  );
}

function CancelSection({
  conferenceId,
  onStart,
  onDone,
  onConflict,
}: ChangeSectionProps & { conferenceId: string }) {
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const reasonErrors = fieldErrors.flatMap((e) => e.messages).join(' ');

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!reason.trim()) {
      setFieldErrors([{ field: 'reason', messages: ['Bitte geben Sie einen Grund an.'] }]);
      return;
    }
    setError(null);
    setFieldErrors([]);
    setConfirming(true);
  }

  async function cancel() {
    onStart();
    setBusy(true);
    setError(null);
    try {
      await api.cancelConference(conferenceId, reason.trim());
      onDone(CANCELLED);
    } catch (caught) {
      const apiError = toApiError(caught);
      setConfirming(false);
      if (apiError.status === 400 && apiError.fieldErrors.length) {
        setFieldErrors(apiError.fieldErrors);
      } else if (apiError.status === 409) {
        onConflict(apiError);
      } else {
        setError(apiError);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="conference-cancel-heading">
      <h2 id="conference-cancel-heading">Termin absagen</h2>
      <form id="conference-cancel-form" onSubmit={handleSubmit} noValidate>
        <ErrorMessage error={error} />
        <div className="field">
          <label htmlFor="cancel-reason">Grund der Absage</label>
          <textarea
            id="cancel-reason"
            name="reason"
            rows={3}
            required
            value={reason}
            readOnly={confirming}
            onChange={(event) => {
              setReason(event.target.value);
              setFieldErrors([]);
            }}
            aria-invalid={reasonErrors ? true : undefined}
            aria-describedby={reasonErrors ? 'cancel-reason-error' : undefined}
          />
          {reasonErrors && (
            <p className="field__error" id="cancel-reason-error">
              {reasonErrors}
            </p>
          )}
        </div>
        {confirming ? (
          <div className="confirm" role="group" aria-labelledby="cancel-confirm-text">
            <p id="cancel-confirm-text">
              <strong>Termin wirklich absagen?</strong> Die Fälle der Tagesordnung warten dann
              wieder auf eine Fallkonferenz.
            </p>
            <div className="form-actions">
              <button
                type="button"
                className="button-danger"
                disabled={busy}
                onClick={() => void cancel()}
                autoFocus
              >
                Absage bestätigen
              </button>
              <button
                type="button"
                className="button-secondary"
                disabled={busy}
                onClick={() => setConfirming(false)}
              >
                Nicht absagen
              </button>
            </div>
          </div>
        ) : (
          <div className="form-actions">
            <button type="submit" className="button-danger-outline">
              Termin absagen
            </button>
          </div>
        )}
      </form>
    </section>
  );
}
