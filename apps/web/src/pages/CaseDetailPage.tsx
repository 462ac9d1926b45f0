import { useEffect, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { api, newIdempotencyKey } from '../api';
import type { ApiError, Consent, ExistingCase, Referral, YoungPerson } from '../api';
import { useUser } from '../auth';
import { NO_PERSONAL_DATA } from '../components/CaseSummaryBox';
import {
  clientValidationError,
  CONSENT_FIELD_LABELS,
  ConsentFields,
  consentProblems,
  initialConsent,
  toConsentSubmission,
} from '../components/ConsentFields';
import { ConsentCard } from '../components/ConsentCard';
import { RevokeConsentDialog } from '../components/RevokeConsentDialog';
import { StepBar } from '../components/StepBar';
import type { ConsentValues } from '../components/ConsentFields';
import { CaseFollowUpSection } from '../components/CaseFollowUpSection';
import { EntrustedNotesSection } from '../components/EntrustedNotesSection';
import { DiagramView } from '../components/DiagramView';
import { ExistingCasesNotice } from '../components/ExistingCasesNotice';
import { FieldErrors } from '../components/FieldErrors';
import type { FieldErrorItem } from '../components/FieldErrors';
import { fieldId } from '../components/FormFields';
import { OpenTasksSection } from '../components/OpenTasksSection';
import { ErrorMessage, Loading, Notice } from '../components/Status';
import { formatDate, formatDateTime } from '../format';
import { toApiError, useDocumentTitle, useResource, useFormProblems } from '../hooks';
import '../styles/case.css';
import type { CaseNoticeState } from './ReferralFormPage';

/** After these statuses nothing can be added to a case. */
const FINAL_STATUSES: ReadonlySet<string> = new Set([
  'ineligible',
  'no-consent',
  'consent-revoked',
  'closed',
]);
/** After a consent the process checks the case again within seconds: the page asks meanwhile. */
const POLL_EVERY_MS = 2000;
const POLL_FOR_MS = 10_000;

/** The success note a page sent along (e.g. the referral form: "Fallmeldung … ist eingegangen."). */
function noticeOf(state: unknown): string | null {
  const notice = (state as Partial<CaseNoticeState> | null)?.notice;
  return typeof notice === 'string' && notice ? notice : null;
}

/** Open cases of the same young person the referral form was told about (Doppelbetreuung). */
function existingCasesOf(state: unknown): ExistingCase[] {
  const cases = (state as Partial<CaseNoticeState> | null)?.existingCases;
  return Array.isArray(cases) ? cases : [];
}

export function CaseDetailPage({ id }: { id: string }) {
  const user = useUser();
  const location = useLocation();
  const navigate = useNavigate();
  const referral = useResource(`referral:${id}`, (signal) => api.referral(id, signal));
  const setReferral = referral.setData;
  const data = referral.data;
  useDocumentTitle(data ? `Fall ${data.reference}` : 'Fall');

  const [arrivalNotice] = useState(() => noticeOf(location.state));
  const [arrivalExistingCases] = useState(() => existingCasesOf(location.state));
  useEffect(() => {
    // Shown once: reloading the page or coming back later does not repeat it.
    if (noticeOf(location.state)) {
      navigate(
        { pathname: location.pathname, search: location.search },
        { replace: true, state: null },
      );
    }
    // Only on arrival.
  }, []);

  const [recorded, setRecorded] = useState<Consent | null>(null);
  /** Why a consent was refused (409, e.g. the case was closed meanwhile). */
  const [consentConflict, setConsentConflict] = useState<ApiError | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  /** A fresh consent form (and Idempotency-Key) after each recorded consent. */
  const [consentForm, setConsentForm] = useState(0);
  /** Asking for the case again until its status is no longer `status` or time is up. */
  const [watch, setWatch] = useState<{ status: string; since: number } | null>(null);

  useEffect(() => {
    if (recorded || consentConflict) outcomeRef.current?.focus();
  }, [recorded, consentConflict]);

  useEffect(() => {
    if (!watch) return;
    const controller = new AbortController();
    let timer: number | undefined;
    const poll = async () => {
      try {
        const next = await api.referral(id, controller.signal);
        if (controller.signal.aborted) return;
        setReferral(next);
        if (next.status !== watch.status) {
          setWatch(null);
          return;
        }
      } catch {
        if (controller.signal.aborted) return;
        // The next round asks again; the page keeps showing what it has.
      }
      if (Date.now() - watch.since >= POLL_FOR_MS) {
        setWatch(null);
        return;
      }
      timer = window.setTimeout(() => void poll(), POLL_EVERY_MS);
    };
    void poll();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [watch, id, setReferral]);

  if (!data) {
    return (
      <>
        <BackLink />
        {arrivalNotice && <Notice tone="success">{arrivalNotice}</Notice>}
        {arrivalExistingCases.length > 0 && <ExistingCasesNotice cases={arrivalExistingCases} />}
        {referral.loading ? <Loading /> : <ErrorMessage error={referral.error} />}
      </>
    );
  }

  // "Einwilligung nachreichen" only when needed: no valid consent (none yet, or a guardian's
  // consent that ended when the young person came of age), for the referrer of a running case.
  const canAddConsent =
    !FINAL_STATUSES.has(data.status) &&
    !data.consents.some((c) => c.valid) &&
    data.referringInstitution.id === user.institution.id;

  return (
    <>
      <BackLink />
      <h1>Fall {data.reference}</h1>
      <p className="meta">
        <span className="badge badge-status badge--flush">{data.statusLabel}</span>
        {data.statusReason && <span>{data.statusReason.message}</span>}
      </p>
      {arrivalNotice && <Notice tone="success">{arrivalNotice}</Notice>}
      {arrivalExistingCases.length > 0 && <ExistingCasesNotice cases={arrivalExistingCases} />}

      <StepBar referral={data} />

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
            {data.conference && (
              <>
                <dt>Fallkonferenz</dt>
                <dd data-testid="case-conference">
                  <Link to={`/konferenzen/${data.conference.id}`}>
                    {formatDateTime(data.conference.startsAt)}, {data.conference.place}
                  </Link>
                  {data.conference.discussed && <span className="muted"> (besprochen)</span>}
                </dd>
              </>
            )}
          </dl>
        </section>

        <YoungPersonSection referral={data} />
      </div>

      <ConsentsSection
        referral={data}
        canRevoke={(consent) =>
          data.referringInstitution.id === user.institution.id ||
          (consent.recipients ?? []).includes(user.institution.id)
        }
        onRevoked={() => referral.reload()}
      >
        <div ref={outcomeRef} tabIndex={-1} className="form-problems">
          {recorded && <Notice tone="success">Einwilligung erfasst.</Notice>}
          {recorded && !recorded.valid && (
            <Notice tone="warning">
              <strong>Nicht gültig:</strong>{' '}
              {recorded.invalidReason?.message ?? 'Die Einwilligung erlaubt keine Fallkonferenz.'}
            </Notice>
          )}
          <ErrorMessage error={consentConflict} />
        </div>
        {watch && <Loading label="Der Fall wird mit der Einwilligung geprüft …" />}
      </ConsentsSection>

      {canAddConsent && (
        <AddConsentSection
          key={consentForm}
          referral={data}
          onStart={() => {
            setRecorded(null);
            setConsentConflict(null);
          }}
          onRecorded={(consent) => {
            setRecorded(consent);
            setConsentForm((n) => n + 1);
            setWatch({ status: data.status, since: Date.now() });
          }}
          onConflict={(error) => {
            setConsentConflict(error);
            referral.reload();
          }}
        />
      )}

      <OpenTasksSection id="case-tasks-heading" tasks={data.openTasks} />

      <CaseFollowUpSection caseId={data.id} status={data.status} />
      <EntrustedNotesSection caseId={data.id} />

      <DiagramSection caseId={data.id} reference={data.reference} status={data.status} />

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

function yesNo(value: boolean | null | undefined): string | null {
  if (value === undefined || value === null) return null;
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

function ConsentsSection({
  referral,
  canRevoke,
  onRevoked,
  children,
}: {
  referral: Referral;
  canRevoke: (consent: Consent) => boolean;
  onRevoked: () => void;
  children?: ReactNode;
}) {
  const [revoking, setRevoking] = useState<Consent | null>(null);
  const [revoked, setRevoked] = useState(false);
  const noticeRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (revoked) noticeRef.current?.focus();
  }, [revoked]);

  return (
    <section aria-labelledby="case-consents-heading">
      <h2 id="case-consents-heading">Einwilligungen</h2>
      {children}
      <div ref={noticeRef} tabIndex={-1} className="form-problems">
        {revoked && <Notice tone="success">Widerruf erfasst.</Notice>}
      </div>
      {referral.consents.length === 0 ? (
        <p className="muted">Es liegt noch keine Schweigepflichtsentbindung vor.</p>
      ) : (
        <div className="consent-cards">
          {referral.consents.map((consent) => (
            <ConsentCard
              key={consent.id}
              consent={consent}
              canRevoke={canRevoke(consent)}
              onRevoke={(c) => {
                setRevoked(false);
                setRevoking(c);
              }}
            />
          ))}
        </div>
      )}
      <RevokeConsentDialog
        referralId={referral.id}
        consent={revoking}
        onClose={() => setRevoking(null)}
        onRevoked={() => {
          setRevoking(null);
          setRevoked(true);
          onRevoked();
        }}
      />
    </section>
  );
}

function DiagramSection({
  caseId,
  reference,
  status,
}: {
  caseId: string;
  reference: string;
  /** When the case moves on, the diagram is loaded again (its markers change). */
  status: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <section aria-labelledby="case-diagram-heading">
      <h2 id="case-diagram-heading">Prozess</h2>
      <details
        className="diagram-details"
        onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}
      >
        <summary>Prozessdiagramm anzeigen</summary>
        {open && <DiagramContent caseId={caseId} reference={reference} status={status} />}
      </details>
    </section>
  );
}

/** Loaded and drawn only once the details are open (bpmn-js needs a visible container). */
function DiagramContent({
  caseId,
  reference,
  status,
}: {
  caseId: string;
  reference: string;
  status: string;
}) {
  const diagram = useResource(`diagram:${caseId}:${status}`, (signal) =>
    api.diagram(caseId, signal),
  );
  return (
    <>
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
    </>
  );
}

interface AddConsentSectionProps {
  referral: Referral;
  onStart: () => void;
  onRecorded: (consent: Consent) => void;
  /** 409 (e.g. the case is closed meanwhile): the page shows why and loads the case again. */
  onConflict: (error: ApiError) => void;
}

/** "Einwilligung nachreichen": the referring institution records a signed consent later. */
function AddConsentSection({ referral, onStart, onRecorded, onConflict }: AddConsentSectionProps) {
  const user = useUser();
  const [values, setValues] = useState<ConsentValues>(() => initialConsent(user));
  /** One key per form: a double click or a retry records one consent. */
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const sending = useRef(false);
  const problems = useFormProblems();
  const { error, fieldErrors } = problems;
  /** The error summary (400) or, for other errors, the box around the message. */
  const problemsRef = useRef<HTMLDivElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const [focusProblems, setFocusProblems] = useState(0);

  useEffect(() => {
    if (focusProblems) (summaryRef.current ?? problemsRef.current)?.focus();
  }, [focusProblems]);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (sending.current) return;
    sending.current = true;
    onStart();
    problems.clear();
    const found = consentProblems(values);
    if (found.length) {
      sending.current = false;
      problems.show(clientValidationError(found));
      setFocusProblems((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      const consent = await api.addConsent(
        referral.id,
        toConsentSubmission(values),
        idempotencyKey,
      );
      onRecorded(consent);
    } catch (reason) {
      const apiError = toApiError(reason);
      if (apiError.status === 409) {
        // The form may go away with the reloaded case: the page shows the message.
        onConflict(apiError);
        return;
      }
      problems.show(apiError);
      setFocusProblems((n) => n + 1);
    } finally {
      sending.current = false;
      setBusy(false);
    }
  }

  const summary: FieldErrorItem[] = fieldErrors.map((e) => {
    const label = CONSENT_FIELD_LABELS[e.field];
    return {
      field: e.field,
      label,
      messages: e.messages,
      targetId: label ? fieldId('consent', e.field) : undefined,
    };
  });

  return (
    <section className="card" aria-labelledby="consent-add-heading">
      <h2 id="consent-add-heading">Einwilligung nachreichen</h2>
      <form
        id="consent-form"
        onSubmit={(event) => void handleSubmit(event)}
        autoComplete="off"
        aria-busy={busy}
        noValidate
      >
        <div ref={problemsRef} tabIndex={-1} className="form-problems">
          {summary.length > 0 ? (
            <FieldErrors items={summary} heading="Bitte prüfen Sie:" ref={summaryRef} />
          ) : (
            <ErrorMessage error={error} />
          )}
        </div>
        <ConsentFields
          idPrefix="consent"
          values={values}
          onChange={(changes) => setValues((current) => ({ ...current, ...changes }))}
          errors={fieldErrors}
          referredOn={referral.referredOn}
          birthDate={referral.youngPerson?.birthDate}
          later
        />
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={busy}>
            Einwilligung speichern
          </button>
          {busy && (
            <span className="muted form-actions__status" role="status">
              Wird gespeichert …
            </span>
          )}
        </div>
      </form>
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
                  <td>{[entry.reason?.message, entry.note].filter(Boolean).join(' ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
