import { useState } from 'react';
import type { FormEvent } from 'react';
import { useUser } from '../auth';
import { FieldErrors, summaryItems } from '../components/FieldErrors';
import { Field, fieldId, messagesOf } from '../components/FormFields';
import { ErrorMessage, Loading, Notice } from '../components/Status';
import { erasureApi } from '../erasureApi';
import type { ErasureRequest } from '../erasureApi';
import { formatDateTime } from '../format';
import { toApiError, useDocumentTitle, useFormProblems, useResource } from '../hooks';

/** Who may see the page (the API decides; the coordination of the coordinating institution). */
export const mayHandleErasure = (roles: readonly string[]) =>
  roles.includes('data-protection-officer') || roles.includes('coordinator');

/**
 * Löschersuchen (Art. 17 DSGVO): a form for a case by its reference and the list of requests
 * with what became of them (erased, or deferred with the duty that stands against it).
 */
export function ErasureRequestsPage() {
  useDocumentTitle('Löschersuchen');
  const user = useUser();
  const requests = useResource('erasure-requests', (signal) => erasureApi.list(signal));
  const [last, setLast] = useState<ErasureRequest | null>(null);

  if (!mayHandleErasure(user.roles)) {
    return (
      <>
        <h1>Löschersuchen</h1>
        <p className="alert alert-error" role="alert">
          Löschersuchen bearbeiten die Datenschutzbeauftragten und die Koordination.
        </p>
      </>
    );
  }

  return (
    <>
      <div className="page-heading">
        <h1>Löschersuchen</h1>
        <p className="muted">Recht auf Löschung (Art. 17 DSGVO, § 84 SGB X)</p>
      </div>
      <ErasureForm
        onDone={(r) => {
          setLast(r);
          requests.reload();
        }}
      />
      {last && (
        <Notice tone={last.state === 'carried-out' ? 'success' : 'warning'}>
          {last.reference}: {last.stateLabel}. {last.result}
        </Notice>
      )}
      <section className="card" aria-labelledby="erasure-list-heading">
        <h2 id="erasure-list-heading">Bisherige Löschersuchen</h2>
        <ErrorMessage error={requests.error} />
        {!requests.data && requests.loading && <Loading />}
        {requests.data && requests.data.length === 0 && (
          <p className="muted">Noch keine Löschersuchen.</p>
        )}
        {requests.data && requests.data.length > 0 && (
          <div className="table-wrap" aria-busy={requests.loading}>
            <table className="table">
              <caption className="visually-hidden">Löschersuchen</caption>
              <thead>
                <tr>
                  <th scope="col">Eingang</th>
                  <th scope="col">Fall</th>
                  <th scope="col">Anlass</th>
                  <th scope="col">Ergebnis</th>
                  <th scope="col">Erfasst von</th>
                </tr>
              </thead>
              <tbody>
                {requests.data.map((r) => (
                  <tr key={r.id}>
                    <td>{formatDateTime(r.requestedAt)}</td>
                    <td>
                      {r.reference}
                      <div className="muted">Status bei Eingang: {r.caseStatusLabel}</div>
                    </td>
                    <td>{r.reason}</td>
                    <td>
                      <strong>{r.stateLabel}</strong>
                      {r.carriedOutAt && ` am ${formatDateTime(r.carriedOutAt)}`}
                      <div>{r.result}</div>
                    </td>
                    <td>{r.requestedBy}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

const ERASURE_LABELS: Record<string, string> = {
  reference: 'Aktenzeichen des Falls',
  reason: 'Anlass',
};

function ErasureForm({ onDone }: { onDone: (r: ErasureRequest) => void }) {
  const [reference, setReference] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const problems = useFormProblems();
  const [attempts, setAttempts] = useState(0);
  const id = (field: string) => fieldId('erasure', field);
  // The server checks and names the fields (one wording for both); the summary lists them.
  const errors = problems.fieldErrors.map((e) =>
    e.field === 'referralId' ? { ...e, field: 'reference' } : e,
  );
  const err = (field: string) => messagesOf(errors, field) || undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    problems.clear();
    setBusy(true);
    try {
      const created = await erasureApi.create({
        reference: reference.trim(),
        reason: reason.trim(),
      });
      setReference('');
      setReason('');
      onDone(created);
    } catch (failure) {
      problems.show(toApiError(failure));
      setAttempts((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="erasure-form-heading">
      <h2 id="erasure-form-heading">Löschersuchen erfassen</h2>
      <p className="muted">
        Gelöscht wird sofort, es sei denn, eine Pflicht steht entgegen: Solange Fallkonferenz oder
        Nachverfolgung laufen, wird das Ersuchen zurückgestellt und nach dem Ende des Falls
        ausgeführt. Gelöscht werden alle personenbezogenen Daten des Falls, auch in der
        Prozess-Engine; laufende Prozesse enden. Es bleibt eine anonyme Zählung für die Statistik.
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <FieldErrors items={summaryItems(errors, ERASURE_LABELS, id)} focusKey={attempts} />
        <ErrorMessage error={problems.error} />
        <div className="form-grid">
          <Field
            id={id('reference')}
            label="Aktenzeichen des Falls"
            required
            hint="z. B. FM-2026-00042"
            error={err('reference')}
          >
            {(control) => (
              <input
                {...control}
                type="text"
                maxLength={40}
                value={reference}
                onChange={(e) => setReference(e.target.value)}
              />
            )}
          </Field>
          <Field
            id={id('reason')}
            label="Anlass"
            required
            hint="z. B. Schreiben vom … nach Art. 17 DSGVO – ohne Namen"
            error={err('reason')}
          >
            {(control) => (
              <input
                {...control}
                type="text"
                maxLength={500}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            )}
          </Field>
        </div>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={busy}>
            Löschen beantragen
          </button>
        </div>
      </form>
    </section>
  );
}
