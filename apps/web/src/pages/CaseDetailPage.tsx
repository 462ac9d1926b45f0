import { Link } from 'react-router-dom';
import { api } from '../api';
import type { Referral, YoungPerson } from '../api';
import { NO_PERSONAL_DATA } from '../components/CaseSummaryBox';
import { DiagramView } from '../components/DiagramView';
import { ErrorMessage, Loading } from '../components/Status';
import { formatDate, formatDateTime, grantorLabel } from '../format';
import { useDocumentTitle, useResource } from '../hooks';

export function CaseDetailPage({ id }: { id: string }) {
  const referral = useResource(`referral:${id}`, (signal) => api.referral(id, signal));
  const data = referral.data;
  useDocumentTitle(data ? `Fall ${data.reference}` : 'Fall');

  if (!data) {
    return (
      <>
        <BackLink />
        {referral.loading ? <Loading /> : <ErrorMessage error={referral.error} />}
      </>
    );
  }

  return (
    <>
      <BackLink />
      <h1>Fall {data.reference}</h1>
      <p className="meta">
        <span className="badge badge-status badge--flush">{data.statusLabel}</span>
        {data.statusReason && <span>{data.statusReason.message}</span>}
      </p>

      <div className="case-grid">
        <section className="card" aria-labelledby="case-facts-heading">
          <h2 id="case-facts-heading">Fallmeldung</h2>
          <dl className="facts">
            <dt>Meldende Stelle</dt>
            <dd>
              {data.referringInstitution.name}
              {data.referringInstitution.kindLabel && (
                <span className="muted"> ({data.referringInstitution.kindLabel})</span>
              )}
            </dd>
            <dt>Gemeldet am</dt>
            <dd>{formatDate(data.referredOn)}</dd>
            <dt>Eingegangen</dt>
            <dd>{formatDateTime(data.createdAt)}</dd>
            <dt>Kurzbeschreibung</dt>
            <dd className="prewrap">{data.shortDescription || '—'}</dd>
          </dl>
        </section>

        <YoungPersonSection referral={data} />
      </div>

      <ConsentsSection referral={data} />

      <section aria-labelledby="case-tasks-heading">
        <h2 id="case-tasks-heading">Offene Aufgaben</h2>
        {data.openTasks.length === 0 ? (
          <p className="muted">Keine offenen Aufgaben.</p>
        ) : (
          <ul className="task-links">
            {data.openTasks.map((task) => (
              <li key={task.id}>
                <Link to={`/aufgaben/${encodeURIComponent(task.id)}`}>{task.name}</Link>
                {task.dueAt && (
                  <span className="muted"> – fällig {formatDateTime(task.dueAt)}</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <DiagramSection caseId={data.id} reference={data.reference} />

      <HistorySection referral={data} />
    </>
  );
}

function BackLink() {
  return (
    <p className="back-link">
      <Link to="/faelle">← Zur Fallliste</Link>
    </p>
  );
}

const PERSON_FIELDS: [keyof YoungPerson, string][] = [
  ['municipality', 'Wohnort'],
  ['postalCode', 'Postleitzahl'],
  ['email', 'E-Mail'],
  ['phone', 'Telefon'],
  ['guardianName', 'Erziehungsberechtigte'],
  ['guardianEmail', 'E-Mail der Erziehungsberechtigten'],
];

function yesNo(value: boolean | undefined): string | null {
  if (value === undefined) return null;
  return value ? 'ja' : 'nein';
}

function YoungPersonSection({ referral }: { referral: Referral }) {
  const person = referral.youngPerson;
  const attends = yesNo(referral.youngPersonAttends);
  const guardianAttends = yesNo(referral.guardianAttends);
  return (
    <section className="card" aria-labelledby="case-person-heading">
      <h2 id="case-person-heading">Junger Mensch</h2>
      {person ? (
        <dl className="facts">
          <dt>Name</dt>
          <dd>
            {person.firstName} {person.lastName}
          </dd>
          <dt>Geburtsdatum</dt>
          <dd>{formatDate(person.birthDate)}</dd>
          {PERSON_FIELDS.filter(([key]) => person[key]).map(([key, label]) => (
            <FactRow key={key} label={label} value={String(person[key])} />
          ))}
          {attends && <FactRow label="Nimmt an der Fallkonferenz teil" value={attends} />}
          {guardianAttends && (
            <FactRow label="Erziehungsberechtigte nehmen teil" value={guardianAttends} />
          )}
        </dl>
      ) : (
        <p className="muted note">{NO_PERSONAL_DATA}</p>
      )}
    </section>
  );
}

function FactRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}

function ConsentsSection({ referral }: { referral: Referral }) {
  return (
    <section aria-labelledby="case-consents-heading">
      <h2 id="case-consents-heading">Einwilligungen</h2>
      {referral.consents.length === 0 ? (
        <p className="muted">Es liegt noch keine Schweigepflichtsentbindung vor.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Unterschrieben am</th>
                <th scope="col">Von</th>
                <th scope="col">Gültig</th>
              </tr>
            </thead>
            <tbody>
              {referral.consents.map((consent) => (
                <tr key={consent.id} data-consent-id={consent.id}>
                  <td className="nowrap">{formatDate(consent.signedOn)}</td>
                  <td>{grantorLabel(consent.grantedBy)}</td>
                  <td>
                    {consent.valid ? (
                      <span className="badge badge-success badge--flush">ja</span>
                    ) : (
                      <>
                        <span className="badge badge-danger badge--flush">nein</span>
                        {consent.invalidReason && <span> {consent.invalidReason.message}</span>}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function DiagramSection({ caseId, reference }: { caseId: string; reference: string }) {
  const diagram = useResource(`diagram:${caseId}`, (signal) => api.diagram(caseId, signal));
  return (
    <section aria-labelledby="case-diagram-heading">
      <h2 id="case-diagram-heading">Prozess</h2>
      {diagram.loading && !diagram.data && <Loading label="Prozessdiagramm wird geladen …" />}
      {diagram.error && diagram.error.status !== 401 && (
        <p className="muted">Das Prozessdiagramm ist nicht verfügbar. {diagram.error.message}</p>
      )}
      {diagram.data && (
        <DiagramView
          id="case-diagram"
          label={`Prozessdiagramm zu Fall ${reference}`}
          xml={diagram.data.xml}
          activeElementIds={diagram.data.activeElementIds}
          completedElementIds={diagram.data.completedElementIds}
        />
      )}
    </section>
  );
}

function HistorySection({ referral }: { referral: Referral }) {
  return (
    <section aria-labelledby="case-history-heading">
      <h2 id="case-history-heading">Verlauf</h2>
      {referral.history.length === 0 ? (
        <p className="muted">Noch keine Einträge.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Zeitpunkt</th>
                <th scope="col">Ereignis</th>
                <th scope="col">Begründung</th>
              </tr>
            </thead>
            <tbody>
              {referral.history.map((entry, index) => (
                <tr key={`${entry.at}-${index}`}>
                  <td className="nowrap">{formatDateTime(entry.at)}</td>
                  <td>{entry.label}</td>
                  <td>{entry.reason?.message ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
