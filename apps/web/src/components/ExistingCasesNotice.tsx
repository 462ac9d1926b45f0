import { Link } from 'react-router-dom';
import type { ExistingCase } from '../api';
import { formatDate } from '../format';

function Coordination({ item }: { item: ExistingCase }) {
  const { name, contactEmail } = item.coordinatingInstitution;
  return (
    <>
      Koordination: {name} (<a href={`mailto:${contactEmail}`}>{contactEmail}</a>), seit{' '}
      {formatDate(item.since)}.
      {item.caseId && (
        <>
          {' '}
          <Link to={`/faelle/${encodeURIComponent(item.caseId)}`}>
            Fall {item.reference} öffnen
          </Link>
        </>
      )}
    </>
  );
}

/**
 * Doppelbetreuung: the young person already has an open case in the JBA. The status region is
 * always there, so that a notice appearing while the form is filled in is read out.
 */
export function ExistingCasesNotice({ cases }: { cases: readonly ExistingCase[] }) {
  const intro =
    cases.length === 1
      ? 'Für diesen jungen Menschen gibt es bereits einen offenen Fall in der Jugendberufsagentur.'
      : `Für diesen jungen Menschen gibt es bereits ${cases.length} offene Fälle in der Jugendberufsagentur.`;
  return (
    <div role="status" className="existing-cases">
      {cases.length === 1 && (
        <p className="alert alert-warning">
          {intro} <Coordination item={cases[0]} />
        </p>
      )}
      {cases.length > 1 && (
        <div className="alert alert-warning">
          <p>{intro}</p>
          <ul>
            {cases.map((item, i) => (
              <li key={item.caseId ?? `${item.since}-${i}`}>
                <Coordination item={item} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
