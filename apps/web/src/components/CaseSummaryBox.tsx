import { Link } from 'react-router-dom';
import type { CaseSummary } from '../api';
import { formatDate } from '../format';

export const NO_PERSONAL_DATA =
  'Keine personenbezogenen Daten (keine Einwilligung für Ihre Institution)';

/** The case a task belongs to, as a box beside the task. */
export function CaseSummaryBox({ summary }: { summary: CaseSummary }) {
  const person = summary.youngPerson;
  return (
    <section className="card case-summary" aria-labelledby="case-summary-heading">
      <h2 id="case-summary-heading">Fall {summary.reference}</h2>
      <p>
        <span className="badge badge-status badge--flush">{summary.statusLabel}</span>
      </p>
      <dl className="facts">
        <dt>Meldende Stelle</dt>
        <dd>{summary.referringInstitution.name}</dd>
        <dt>Kurzbeschreibung</dt>
        <dd className="prewrap">{summary.shortDescription || '—'}</dd>
        {person && (
          <>
            <dt>Junger Mensch</dt>
            <dd>
              {person.firstName} {person.lastName}
            </dd>
            <dt>Geburtsdatum</dt>
            <dd>{formatDate(person.birthDate)}</dd>
          </>
        )}
      </dl>
      {!person && <p className="muted note">{NO_PERSONAL_DATA}</p>}
      <p>
        <Link to={`/faelle/${encodeURIComponent(summary.id)}`}>Fall ansehen</Link>
      </p>
    </section>
  );
}
