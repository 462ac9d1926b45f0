import { useState } from 'react';
import type { FormEvent } from 'react';
import { api, ApiError } from '../api';
import type { FieldError } from '../api';
import { useAuth } from '../auth';
import { FieldErrors, summaryItems } from '../components/FieldErrors';
import { check, failures, Field } from '../components/FormFields';
import { useDocumentTitle } from '../hooks';

const MIN_PASSWORD = 12;
const LABELS: Record<string, string> = {
  currentPassword: 'Bisheriges Passwort',
  newPassword: 'Neues Passwort',
  repeated: 'Neues Passwort wiederholen',
};
const IDS: Record<string, string> = {
  currentPassword: 'current-password',
  newPassword: 'new-password',
  repeated: 'repeated-password',
};
const idOf = (field: string) => IDS[field] ?? field;

/** Shown instead of every page while the account must set a new password (the initial admin). */
export function ChangePasswordPage() {
  useDocumentTitle('Neues Passwort festlegen');
  const { retry, signOut } = useAuth();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [attempts, setAttempts] = useState(0);
  const err = (field: string) =>
    fieldErrors.find((e) => e.field === field)?.messages.join(' ') || undefined;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const found = failures([
      ['currentPassword', currentPassword ? null : 'Bitte füllen Sie dieses Feld aus.'],
      [
        'newPassword',
        newPassword
          ? check.minLength(newPassword, MIN_PASSWORD)
          : 'Bitte füllen Sie dieses Feld aus.',
      ],
      [
        'repeated',
        newPassword !== repeated && 'Die beiden neuen Passwörter stimmen nicht überein.',
      ],
    ]);
    setFieldErrors(found);
    if (found.length) {
      setAttempts((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      await api.changePassword(currentPassword, newPassword);
      retry();
    } catch (reason) {
      setBusy(false);
      if (reason instanceof ApiError && reason.status === 400 && reason.fieldErrors.length) {
        setFieldErrors(reason.fieldErrors);
        setAttempts((n) => n + 1);
      } else if (reason instanceof ApiError) {
        setError(reason.message);
      } else {
        setError('Das Passwort konnte nicht geändert werden.');
      }
    }
  }

  return (
    <main className="centered">
      <div className="card login-card">
        <p className="brand brand--large">Lotse</p>
        <h1>Neues Passwort festlegen</h1>
        <p className="muted">
          Bevor Sie Lotse nutzen, legen Sie bitte ein eigenes Passwort fest (mindestens 12 Zeichen).
        </p>
        <form onSubmit={(event) => void handleSubmit(event)} className="stack" noValidate>
          <FieldErrors items={summaryItems(fieldErrors, LABELS, idOf)} focusKey={attempts} />
          <Field
            id={idOf('currentPassword')}
            label={LABELS.currentPassword}
            required
            error={err('currentPassword')}
          >
            {(control) => (
              <input
                {...control}
                type="password"
                autoComplete="current-password"
                autoFocus
                value={currentPassword}
                onChange={(event) => setCurrentPassword(event.target.value)}
              />
            )}
          </Field>
          <Field
            id={idOf('newPassword')}
            label={LABELS.newPassword}
            required
            error={err('newPassword')}
          >
            {(control) => (
              <input
                {...control}
                type="password"
                autoComplete="new-password"
                value={newPassword}
                onChange={(event) => setNewPassword(event.target.value)}
              />
            )}
          </Field>
          <Field id={idOf('repeated')} label={LABELS.repeated} required error={err('repeated')}>
            {(control) => (
              <input
                {...control}
                type="password"
                autoComplete="new-password"
                value={repeated}
                onChange={(event) => setRepeated(event.target.value)}
              />
            )}
          </Field>
          {error && (
            <p className="alert alert-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button-primary" disabled={busy}>
            Passwort speichern
          </button>
          <button type="button" onClick={() => void signOut()}>
            Abmelden
          </button>
        </form>
      </div>
    </main>
  );
}
