import { useState } from 'react';
import type { FormEvent } from 'react';
import { api, ApiError } from '../api';
import { useAuth } from '../auth';
import { useDocumentTitle } from '../hooks';

/** Shown instead of every page while the account must set a new password (the initial admin). */
export function ChangePasswordPage() {
  useDocumentTitle('Neues Passwort festlegen');
  const { retry, signOut } = useAuth();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (newPassword !== repeated) {
      setError('Die beiden neuen Passwörter stimmen nicht überein.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.changePassword(currentPassword, newPassword);
      retry();
    } catch (reason) {
      setBusy(false);
      if (reason instanceof ApiError) {
        setError(reason.fieldErrors.flatMap((f) => f.messages).join(' ') || reason.message);
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
        <form onSubmit={(event) => void handleSubmit(event)} className="stack">
          <div className="field">
            <label htmlFor="current-password">Bisheriges Passwort</label>
            <input
              id="current-password"
              type="password"
              autoComplete="current-password"
              required
              autoFocus
              value={currentPassword}
              onChange={(event) => setCurrentPassword(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="new-password">Neues Passwort</label>
            <input
              id="new-password"
              type="password"
              autoComplete="new-password"
              required
              minLength={12}
              value={newPassword}
              onChange={(event) => setNewPassword(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="repeated-password">Neues Passwort wiederholen</label>
            <input
              id="repeated-password"
              type="password"
              autoComplete="new-password"
              required
              minLength={12}
              value={repeated}
              onChange={(event) => setRepeated(event.target.value)}
            />
          </div>
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
