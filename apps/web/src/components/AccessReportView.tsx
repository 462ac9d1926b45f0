import { Fragment, useState } from 'react';
import type { FormEvent } from 'react';
import type { ApiError, FieldError } from '../api';
import { dataProtectionApi, saveFile } from '../dataProtectionApi';
import type { AccessReport, AccessReportCase, AccessReportSearch } from '../dataProtectionApi';
import { formatDate, formatDateTime } from '../format';
import { toApiError } from '../hooks';
import { AuditTable, DATE_MESSAGE, parseGermanDate } from './AuditExtract';
import { FieldErrors } from './FieldErrors';
import { Field, fieldId, messagesOf } from './FormFields';
import { ErrorMessage } from './Status';

const FIELD_LABELS: Record<string, string> = {
  case: 'Aktenzeichen',
  firstName: 'Vorname',
  lastName: 'Nachname',
  birthDate: 'Geburtsdatum',
};

const id = (field: string) => fieldId('access-report', field);

/**
 * Auskunft (Art. 15 DSGVO / § 83 SGB X): find a young person by a case reference or by name and
 * date of birth, and show what Lotse stores, from whom, who received what on which consent.
 * The search stays in the page (no names in the address bar); every report is audited.
 */
export function AccessReportSection() {
  const [values, setValues] = useState({ case: '', firstName: '', lastName: '', birthDate: '' });
  const [search, setSearch] = useState<AccessReportSearch | null>(null);
  const [report, setReport] = useState<AccessReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof values) => (value: string) =>
    setValues((v) => ({ ...v, [key]: value }));
  const err = (field: string) => messagesOf(fieldErrors, field) || undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setFieldErrors([]);
    const next: AccessReportSearch = values.case.trim()
      ? { case: values.case.trim() }
      : {
          firstName: values.firstName.trim(),
          lastName: values.lastName.trim(),
          birthDate: values.birthDate.trim(),
        };
    // The page's own check first: an empty search is not sent.
    if (!next.case && !next.firstName && !next.lastName && !next.birthDate) {
      setFieldErrors([
        {
          field: 'case',
          messages: ['Bitte ein Aktenzeichen oder Vorname, Nachname und Geburtsdatum angeben.'],
        },
      ]);
      return;
    }
    if (!next.case && next.birthDate && !parseGermanDate(next.birthDate)) {
      setFieldErrors([{ field: 'birthDate', messages: [DATE_MESSAGE] }]);
      return;
    }
    setBusy(true);
    setReport(null);
    try {
      setReport(await dataProtectionApi.accessReport(next));
      setSearch(next);
    } catch (reason) {
      const failure = toApiError(reason);
      if (failure.status === 400 && failure.fieldErrors.length) setFieldErrors(failure.fieldErrors);
      else setError(failure);
    } finally {
      setBusy(false);
    }
  }

  async function download(format: 'json' | 'pdf') {
    if (!search) return;
    setError(null);
    try {
      const name = `Auskunft-${report?.cases[0]?.reference ?? 'Person'}.${format}`;
      if (format === 'pdf') {
        saveFile(await dataProtectionApi.accessReportPdf(search), name);
      } else {
        const full = await dataProtectionApi.accessReport(search, 'json');
        saveFile(new Blob([JSON.stringify(full, null, 2)], { type: 'application/json' }), name);
      }
    } catch (reason) {
      setError(toApiError(reason));
    }
  }

  return (
    <section aria-labelledby="access-report-heading" className="stack">
      <h2 id="access-report-heading" className="no-print">
        Auskunft (Art. 15 DSGVO)
      </h2>
      <p className="muted no-print">
        Auskunft an einen jungen Menschen über seine Daten (Art. 15 DSGVO, § 83 SGB X). Suchen Sie
        mit einem Aktenzeichen oder mit Vorname, Nachname und Geburtsdatum. Jede Auskunft wird
        protokolliert.
      </p>
      <form
        className="filters no-print"
        role="search"
        aria-label="Person suchen"
        id="access-report-search"
        onSubmit={(e) => void submit(e)}
        noValidate
      >
        <Field id={id('case')} label="Aktenzeichen" error={err('case')}>
          {(control) => (
            <input
              {...control}
              type="text"
              maxLength={100}
              value={values.case}
              onChange={(e) => set('case')(e.target.value)}
            />
          )}
        </Field>
        <Field id={id('firstName')} label="Vorname" error={err('firstName')}>
          {(control) => (
            <input
              {...control}
              type="text"
              maxLength={200}
              autoComplete="off"
              value={values.firstName}
              onChange={(e) => set('firstName')(e.target.value)}
            />
          )}
        </Field>
        <Field id={id('lastName')} label="Nachname" error={err('lastName')}>
          {(control) => (
            <input
              {...control}
              type="text"
              maxLength={200}
              autoComplete="off"
              value={values.lastName}
              onChange={(e) => set('lastName')(e.target.value)}
            />
          )}
        </Field>
        <Field id={id('birthDate')} label="Geburtsdatum" error={err('birthDate')}>
          {(control) => (
            <input
              {...control}
              type="text"
              inputMode="numeric"
              placeholder="TT.MM.JJJJ"
              maxLength={10}
              autoComplete="off"
              value={values.birthDate}
              onChange={(e) => set('birthDate')(e.target.value)}
            />
          )}
        </Field>
        <div className="filters__actions">
          <button type="submit" className="button-primary" disabled={busy}>
            Auskunft erstellen
          </button>
        </div>
      </form>
      <FieldErrors
        items={fieldErrors.map((p) => ({
          field: p.field,
          label: FIELD_LABELS[p.field],
          messages: p.messages,
          targetId: FIELD_LABELS[p.field] ? id(p.field) : undefined,
        }))}
      />
      <ErrorMessage error={error} />
      {report && <ReportView report={report} onDownload={(format) => void download(format)} />}
    </section>
  );
}

function ReportView({
  report,
  onDownload,
}: {
  report: AccessReport;
  onDownload: (format: 'json' | 'pdf') => void;
}) {
  const p = report.person;
  return (
    <article className="access-report stack" id="access-report" aria-labelledby="report-title">
      <div className="page-heading">
        <h3 id="report-title">
          Auskunft über {p.firstName} {p.lastName}, geb. {formatDate(p.birthDate)}
        </h3>
        <div className="toolbar no-print">
          <button type="button" className="button-secondary" onClick={() => onDownload('pdf')}>
            PDF herunterladen
          </button>
          <button type="button" className="button-secondary" onClick={() => onDownload('json')}>
            JSON herunterladen
          </button>
          <button type="button" className="button-secondary" onClick={() => window.print()}>
            Drucken
          </button>
        </div>
      </div>
      <p className="muted">
        {report.jba.name} · erstellt am {formatDateTime(report.generatedAt)} von{' '}
        {report.generatedBy.displayName}
      </p>

      <section className="card" aria-labelledby="report-person">
        <h4 id="report-person">Gespeicherte Angaben zur Person</h4>
        {report.personalData.map((record) => (
          <dl className="facts" key={record.id}>
            {record.fields.map((f) => (
              <Fragment key={f.label}>
                <dt>{f.label}</dt>
                <dd>{f.value}</dd>
              </Fragment>
            ))}
            <dt>Erfasst am</dt>
            <dd>
              {formatDateTime(record.recordedAt)} mit {record.caseReferences.join(', ')}
            </dd>
          </dl>
        ))}
      </section>

      {report.cases.map((c) => (
        <CaseReport key={c.id} item={c} />
      ))}
    </article>
  );
}

function CaseReport({ item: c }: { item: AccessReportCase }) {
  const headingId = `report-case-${c.id}`;
  return (
    <section className="card stack" aria-labelledby={headingId} data-case-reference={c.reference}>
      <h4 id={headingId}>Fall {c.reference}</h4>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          {c.statusLabel}
          {c.statusReason ? ` – ${c.statusReason}` : ''}
          {c.outcome ? ` (Verbleib: ${c.outcome})` : ''}
        </dd>
        <dt>Gemeldet von</dt>
        <dd className="report-referrer">
          {c.referringInstitution.name}
          {c.referredBy ? `, ${c.referredBy.displayName} (${c.referredBy.username})` : ''}
        </dd>
        <dt>Fallmeldung vom</dt>
        <dd>
          {formatDate(c.referredOn)} (eingegangen {formatDateTime(c.receivedAt)})
        </dd>
        <dt>Kurzbeschreibung</dt>
        <dd className="prewrap">{c.shortDescription}</dd>
        <dt>Teilnahme an der Fallkonferenz</dt>
        <dd>
          junger Mensch: {c.youngPersonAttends ? 'ja' : 'nein'}, Erziehungsberechtigte:{' '}
          {c.guardianAttends ? 'ja' : 'nein'}
        </dd>
      </dl>

      <h5>Einwilligungen</h5>
      {c.consents.length === 0 ? (
        <p className="empty">Keine Einwilligung erfasst.</p>
      ) : (
        <div className="table-wrap">
          <table className="table report-consents">
            <caption className="visually-hidden">Einwilligungen zu {c.reference}</caption>
            <thead>
              <tr>
                <th scope="col">Unterschrieben</th>
                <th scope="col">Empfänger</th>
                <th scope="col">Zwecke</th>
                <th scope="col">Gültigkeit</th>
                <th scope="col">Erfasst</th>
              </tr>
            </thead>
            <tbody>
              {c.consents.map((k) => (
                <tr key={k.id} data-consent-id={k.id}>
                  <td>
                    {formatDate(k.signedOn)} von {k.grantedByLabel}
                    {k.guardianNames.length > 0 && (
                      <div className="muted">{k.guardianNames.join(', ')}</div>
                    )}
                  </td>
                  <td>{k.recipients.map((r) => r.name).join(', ')}</td>
                  <td>{k.purposeLabels.join(', ')}</td>
                  <td>
                    {k.validity}
                    {k.revokedAt && <div>widerrufen am {formatDateTime(k.revokedAt)}</div>}
                    {k.revocationDeclaredOn && (
                      <div>
                        Widerruf erklärt am {formatDate(k.revocationDeclaredOn)}
                        {k.revocationReason && <> (Grund: {k.revocationReason})</>}
                      </div>
                    )}
                    {!k.documentHash && k.paperOnlyReason && (
                      <div className="muted">nur auf Papier: {k.paperOnlyReason}</div>
                    )}
                  </td>
                  <td>
                    {formatDateTime(k.recordedAt)}
                    {k.recordedBy && <div className="muted">{k.recordedBy.displayName}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {c.entrustedNotes.length > 0 && (
        <>
          <h5>Dem Jugendamt anvertraute Informationen (§ 65 SGB VIII)</h5>
          <ul>
            {c.entrustedNotes.map((n) => (
              <li key={`${n.recordedAt}:${n.institution}`}>
                {n.institution}, {formatDateTime(n.recordedAt)}: {n.text}
              </li>
            ))}
          </ul>
        </>
      )}

      <h5>Protokolle</h5>
      {c.protocols.every((p) => p.versions.length === 0) ? (
        <p className="empty">Kein festgestelltes Protokoll.</p>
      ) : (
        c.protocols.flatMap((p) =>
          p.versions.map((v) => (
            <div key={`${p.id}:${v.version}`} className="report-protocol">
              <p>
                <strong>
                  Protokoll der Fallkonferenz vom {formatDate(p.conferenceStartsAt)}, Version{' '}
                  {v.version}
                </strong>{' '}
                – festgestellt am {formatDateTime(v.finalizedAt)} von {v.finalizedByName}
                {v.correctionReason ? ` (Berichtigung: ${v.correctionReason})` : ''}
              </p>
              {v.goals.length > 0 && <p>Ziele: {v.goals.join('; ')}</p>}
              {v.measures.length > 0 && (
                <p>
                  Maßnahmen:{' '}
                  {v.measures
                    .map((m) => `${m.title} (${m.institution}, bis ${formatDate(m.dueOn)})`)
                    .join('; ')}
                </p>
              )}
              {v.deliveries.length > 0 && (
                <p>
                  Versand:{' '}
                  {v.deliveries
                    .map(
                      (d) => `${d.institution}: ${d.status} ${d.detail} am ${formatDateTime(d.at)}`,
                    )
                    .join('; ')}
                </p>
              )}
              {v.downloads.length > 0 && (
                <p>
                  Abrufe:{' '}
                  {v.downloads
                    .map((d) => `${d.user} (${d.institution}) am ${formatDateTime(d.at)}`)
                    .join('; ')}
                </p>
              )}
            </div>
          )),
        )
      )}

      <h5>E-Mails zu diesem Fall</h5>
      {c.mails.length === 0 ? (
        <p className="empty">Keine E-Mails.</p>
      ) : (
        <div className="table-wrap">
          <table className="table report-mails">
            <caption className="visually-hidden">E-Mails zu {c.reference}</caption>
            <thead>
              <tr>
                <th scope="col">Erstellt</th>
                <th scope="col">E-Mail</th>
                <th scope="col">An</th>
                <th scope="col">Stand</th>
              </tr>
            </thead>
            <tbody>
              {c.mails.map((m) => (
                <tr key={m.id}>
                  <td className="nowrap">{formatDateTime(m.createdAt)}</td>
                  <td>{m.templateLabel}</td>
                  <td>{m.recipient}</td>
                  <td>
                    {m.statusLabel}
                    {m.sentAt ? ` am ${formatDateTime(m.sentAt)}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h5>Wer hat was wann erhalten (Protokoll)</h5>
      {c.disclosures.length === 0 ? (
        <p className="empty">Keine Einträge.</p>
      ) : (
        <AuditTable
          items={c.disclosures}
          caption={`Protokoll zu ${c.reference}`}
          showCase={false}
        />
      )}
    </section>
  );
}
