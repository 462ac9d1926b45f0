import { Link } from 'react-router-dom';
import type { TaskConference } from '../api';
import { formatDate, formatTime, formatTimeRange } from '../format';
import { conferencePath } from '../paths';

/** The conference a task belongs to, as a box beside the task (instead of a case). */
export function ConferenceSummaryBox({ conference }: { conference: TaskConference }) {
  return (
    <section
      className="card case-summary conference-summary"
      aria-labelledby="conference-summary-heading"
    >
      <h2 id="conference-summary-heading">
        Fallkonferenz am {formatDate(conference.startsAt)}, {formatTime(conference.startsAt)},{' '}
        {conference.place}
      </h2>
      <p>
        <span className="badge badge-status badge--flush">{conference.statusLabel}</span>
      </p>
      <dl className="facts">
        <dt>Uhrzeit</dt>
        <dd>{formatTimeRange(conference.startsAt, conference.endsAt)} Uhr</dd>
        <dt>Ort</dt>
        <dd>{conference.place}</dd>
      </dl>
      <p>
        <Link to={conferencePath(conference.id)}>Termin ansehen</Link>
      </p>
    </section>
  );
}
