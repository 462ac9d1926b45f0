import { useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api';
import type { ApiError, FieldError } from '../api';
import { formatDateTime } from '../format';
import { toApiError, useResource } from '../hooks';
import { FieldErrors } from './FieldErrors';
import { Field, messagesOf } from './FormFields';
import { ErrorMessage } from './Status';

/**
 * § 65 SGB VIII: what was entrusted to the Jugendamt. Shown to the Jugendamt that recorded it
 * and to institutions a consent names for it explicitly; nothing of it goes into the protocol,
 * its PDF or a mail. Hidden entirely from everyone else.
 */
export function EntrustedNotesSection({ caseId }: { caseId: string }) {
  const [version, setVersion] = useState(0);
  const notes = useResource(`entrusted:${caseId}:${version}`, (signal) =>
    api.entrustedNotes(caseId, signal),
  );
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const data = notes.data;
  if (!data || (!data.mayRecord && data.items.length === 0)) return null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setErrors([]);
    setError(null);
    try {
      await api.addEntrustedNote(caseId, text);
      setText('');
      setVersion((v) => v + 1);
    } catch (reason) {
      const failure = toApiError(reason);
      if (failure.status === 400 && failure.fieldErrors.length) setErrors(failure.fieldErrors);
      else setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="case-entrusted-heading">
      <h2 id="case-entrusted-heading">Anvertraute Informationen (§ 65 SGB VIII)</h2>
      <p className="muted note">
        Nur für das Jugendamt und für Stellen, die die Einwilligung ausdrücklich dafür nennt. Diese
        Angaben stehen nicht im Protokoll und gehen in keine E-Mail.
      </p>
      {data.items.length > 0 ? (
        <ul className="entrusted-notes">
          {data.items.map((n) => (
            <li key={n.id}>
              <p className="entrusted-notes__text">{n.text}</p>
              <p className="muted">
                {n.institutionName}, {formatDateTime(n.createdAt)}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Noch keine anvertrauten Informationen erfasst.</p>
      )}
      {data.mayRecord && (
        <form onSubmit={(event) => void submit(event)} noValidate aria-busy={busy}>
          {errors.length > 0 ? (
            <FieldErrors
              items={errors.map((e) => ({
                ...e,
                label: 'Anvertraute Information',
                targetId: 'entrusted-text',
              }))}
              heading="Bitte prüfen Sie:"
            />
          ) : (
            <ErrorMessage error={error} />
          )}
          <Field
            id="entrusted-text"
            label="Anvertraute Information"
            required
            error={messagesOf(errors, 'text') || undefined}
          >
            {(control) => (
              <textarea
                {...control}
                rows={3}
                maxLength={4000}
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
            )}
          </Field>
          <div className="form-actions">
            <button type="submit" className="button-secondary" disabled={busy}>
              Vertraulich speichern
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
