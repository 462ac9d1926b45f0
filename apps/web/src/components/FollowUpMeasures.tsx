import type { FollowUpDecision, MeasureReview, MeasureSummary } from '../api';
import { formatDate, formatDateTime } from '../format';

/** The measures of a case with their status and reviews (Überprüfungen). */
export function FollowUpMeasures({ measures }: { measures: MeasureSummary[] }) {
  if (measures.length === 0) return <p className="muted">Keine Maßnahmen vereinbart.</p>;
  return (
    <div className="table-wrap">
      <table className="table follow-up-measures">
        <caption className="visually-hidden">Maßnahmen</caption>
        <thead>
          <tr>
            <th scope="col">Maßnahme</th>
            <th scope="col">Art</th>
            <th scope="col">Zuständig</th>
            <th scope="col">Zeitraum</th>
            <th scope="col">Status</th>
            <th scope="col">Überprüfungen</th>
          </tr>
        </thead>
        <tbody>
          {measures.map((m) => (
            <tr key={m.id} data-measure-id={m.id}>
              <td>
                {m.title}
                {m.offerName && <span className="cell-note">Angebot: {m.offerName}</span>}
              </td>
              <td>{m.kindLabel}</td>
              <td>
                {m.institutionName}
                <span className="cell-note">{m.contactName}</span>
              </td>
              <td className="nowrap">
                {formatDate(m.startsOn)} – {formatDate(m.dueOn)}
              </td>
              <td>
                <span className="badge badge-status badge--flush">{m.statusLabel}</span>
              </td>
              <td>
                {m.reviews.length === 0 ? (
                  <span className="muted">—</span>
                ) : (
                  <ul className="plain-list">
                    {m.reviews.map((r, i) => (
                      <ReviewItem key={`${r.reviewedAt}-${i}`} review={r} />
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ReviewItem({ review: r }: { review: MeasureReview }) {
  return (
    <li>
      <strong>{r.resultLabel}</strong>
      {r.escalated && <span className="field__warning"> (nach Eskalation)</span>}
      {r.newDueOn && <> – neu fällig {formatDate(r.newDueOn)}</>}
      <span className="muted">
        {' '}
        {formatDateTime(r.reviewedAt)}, {r.reviewedByName}
      </span>
      {r.note && <span className="cell-note prewrap">{r.note}</span>}
    </li>
  );
}

/** Entscheidungen nach der Nachverfolgung: close, again to a conference, follow up further. */
export function FollowUpDecisions({ decisions }: { decisions: FollowUpDecision[] }) {
  if (decisions.length === 0) return null;
  return (
    <ul className="plain-list follow-up-decisions">
      {decisions.map((d, i) => (
        <li key={`${d.decidedAt}-${i}`}>
          <strong>{d.decisionLabel}</strong>
          {d.outcomeLabel && <> – Verbleib: {d.outcomeLabel}</>}
          <span className="muted">
            {' '}
            ({formatDateTime(d.decidedAt)}, {d.decidedByName})
          </span>
          {d.note && <span className="cell-note prewrap">{d.note}</span>}
        </li>
      ))}
    </ul>
  );
}
