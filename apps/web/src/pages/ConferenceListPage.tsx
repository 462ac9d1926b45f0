import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api';
import type { Conference } from '../api';
import { canManageConferences, useUser } from '../auth';
import { CalendarSubscription } from '../components/CalendarSubscription';
import { ConferenceStatusBadge } from '../components/ConferenceStatusBadge';
import { ConferenceForm, EMPTY_PLAN, toConferencePlan } from '../components/ConferenceForm';
import type { ConferenceFormValues } from '../components/ConferenceForm';
import { ErrorMessage, Loading, Notice } from '../components/Status';
import {
  currentBerlinYear,
  formatDateTime,
  formatTimeRange,
  formatWeekdayDate,
  plural,
  toBerlinLocal,
} from '../format';
import { toApiError, useDocumentTitle, useResource, useFormProblems } from '../hooks';
import { conferencePath } from '../paths';

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

function readYear(value: string | null): number {
  const year = value && /^\d{4}$/.test(value) ? Number(value) : NaN;
  return year >= MIN_YEAR && year <= MAX_YEAR ? year : currentBerlinYear();
}

export function ConferenceListPage() {
  useDocumentTitle('Fallkonferenzen');
  const user = useUser();
  const [searchParams, setSearchParams] = useSearchParams();
  const year = readYear(searchParams.get('jahr'));
  const conferences = useResource(`conferences:${year}`, (signal) => api.conferences(year, signal));
  const items = conferences.data?.items;

  function showYear(next: number) {
    const params = new URLSearchParams(searchParams);
    if (next === currentBerlinYear()) params.delete('jahr');
    else params.set('jahr', String(next));
    setSearchParams(params);
  }

  return (
    <>
      <div className="page-heading">
        <h1>Fallkonferenzen</h1>
        {items && <p className="muted">{plural(items.length, 'Termin', 'Termine')}</p>}
      </div>

      <nav className="year-nav" aria-label="Jahr">
        <button
          type="button"
          className="button-small"
          onClick={() => showYear(year - 1)}
          disabled={year <= MIN_YEAR}
          aria-label={`Vorjahr (${year - 1})`}
        >
          ‹
        </button>
        <span className="year-nav__year" aria-live="polite">
          {year}
        </span>
        <button
          type="button"
          className="button-small"
          onClick={() => showYear(year + 1)}
          disabled={year >= MAX_YEAR}
          aria-label={`Folgejahr (${year + 1})`}
        >
          ›
        </button>
      </nav>

      {user.jbaId && <CalendarSubscription jbaId={user.jbaId} />}

      <ErrorMessage error={conferences.error} />
      {!items && conferences.loading && <Loading />}
      {items && items.length === 0 && (
        <p className="empty">Für {year} sind keine Fallkonferenzen geplant.</p>
      )}
      {items && items.length > 0 && (
        <ConferenceTable items={items} year={year} busy={conferences.loading} />
      )}

      {canManageConferences(user) && (
        <PlanSection
          onPlanned={(conference) => {
            const planned = toBerlinLocal(conference.startsAt);
            const plannedYear = planned ? Number(planned.date.slice(0, 4)) : year;
            if (plannedYear !== year) showYear(plannedYear);
            else conferences.reload();
          }}
        />
      )}
    </>
  );
}

function ConferenceTable({
  items,
  year,
  busy,
}: {
  items: Conference[];
  year: number;
  busy: boolean;
}) {
  return (
    <div className="table-wrap" aria-busy={busy}>
      <table className="table conference-table">
        <caption className="visually-hidden">Fallkonferenzen {year}</caption>
        <thead>
          <tr>
            <th scope="col">Datum</th>
            <th scope="col">Uhrzeit</th>
            <th scope="col">Ort</th>
            <th scope="col">Art</th>
            <th scope="col">Meldeschluss</th>
            <th scope="col">Plätze</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {items.map((conference) => {
            const cancelled = conference.status === 'cancelled';
            return (
              <tr
                key={conference.id}
                data-conference-id={conference.id}
                data-status={conference.status}
                className={cancelled ? 'is-cancelled' : undefined}
                title={
                  cancelled
                    ? `Abgesagt${conference.cancelReason ? `: ${conference.cancelReason}` : ''}`
                    : undefined
                }
              >
                <td className="nowrap struck">
                  <Link to={conferencePath(conference.id)}>
                    {formatWeekdayDate(conference.startsAt)}
                  </Link>
                </td>
                <td className="nowrap struck">
                  {formatTimeRange(conference.startsAt, conference.endsAt)}
                </td>
                <td className="struck">{conference.place}</td>
                <td className="struck">{conference.kindLabel}</td>
                <td className="nowrap struck">{formatDateTime(conference.referralDeadline)}</td>
                <td className="numeric nowrap">
                  {conference.capacity}
                  {conference.agendaCount > 0 && (
                    <span className="muted">
                      {' '}
                      · {plural(conference.agendaCount, 'Fall', 'Fälle')}
                    </span>
                  )}
                </td>
                <td>
                  <ConferenceStatusBadge conference={conference} />
                  {cancelled && conference.cancelReason && (
                    <small className="cancel-reason">{conference.cancelReason}</small>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function PlanSection({ onPlanned }: { onPlanned: (conference: Conference) => void }) {
  const [busy, setBusy] = useState(false);
  const problems = useFormProblems();
  const { error, fieldErrors } = problems;
  const [planned, setPlanned] = useState<Conference | null>(null);
  /** A fresh, empty form after each planned conference. */
  const [generation, setGeneration] = useState(0);

  async function plan(values: ConferenceFormValues) {
    setBusy(true);
    problems.clear();
    setPlanned(null);
    try {
      const conference = await api.planConference(toConferencePlan(values));
      setPlanned(conference);
      setGeneration((g) => g + 1);
      onPlanned(conference);
    } catch (reason) {
      const apiError = toApiError(reason);
      problems.show(apiError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="conference-plan-heading">
      <h2 id="conference-plan-heading">Termin planen</h2>
      {planned && (
        <Notice tone="success">
          Termin geplant:{' '}
          <Link to={conferencePath(planned.id)}>
            {formatWeekdayDate(planned.startsAt)},{' '}
            {formatTimeRange(planned.startsAt, planned.endsAt)}
          </Link>
          .
        </Notice>
      )}
      <ConferenceForm
        key={generation}
        id="conference-plan-form"
        idPrefix="plan"
        initial={EMPTY_PLAN}
        withKind
        submitLabel="Termin planen"
        confirmLabel="Trotzdem planen"
        busy={busy}
        errors={fieldErrors}
        onSubmit={(values) => void plan(values)}
      >
        <ErrorMessage error={error} />
      </ConferenceForm>
    </section>
  );
}
