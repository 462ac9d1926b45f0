import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { api, ApiError, OIDC_LOGIN_URL } from '../api';
import type { FieldError } from '../api';
import { useAuth } from '../auth';
import { FieldErrors, summaryItems } from '../components/FieldErrors';
import { check, failures, Field } from '../components/FormFields';
import { useDocumentTitle } from '../hooks';

const LABELS: Record<string, string> = { username: 'Benutzername', password: 'Passwort' };
const loginId = (field: string) => `login-${field}`;

/** Messages for `?fehler=…`, e.g. when the single sign-on callback sends the user back. */
const REDIRECT_ERRORS: Record<string, string> = {
  oidc: 'Die Anmeldung mit Single Sign-On ist fehlgeschlagen. Bitte versuchen Sie es erneut.',
  'kein-konto': 'Für Ihr Single-Sign-On-Konto gibt es kein Konto in Lotse.',
  abgelaufen: 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
};

/**
 * Where to go after signing in: back to the page that sent the user here (e.g. a case link from a
 * notification mail), otherwise the start page (`/`: the task list, or the data protection page
 * for an account that is only the DSB).
 */
function targetAfterSignIn(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  if (typeof from === 'string' && from.startsWith('/') && !from.startsWith('//')) {
    if (from !== '/' && !from.startsWith('/anmelden')) return from;
  }
  return '/';
}

export function LoginPage() {
  useDocumentTitle('Anmelden');
  const { status, signIn } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const target = targetAfterSignIn(location.state);
  const [searchParams] = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(() => {
    const code = searchParams.get('fehler');
    return code ? (REDIRECT_ERRORS[code] ?? 'Die Anmeldung ist fehlgeschlagen.') : null;
  });
  const [busy, setBusy] = useState(false);
  const [oidc, setOidc] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [attempts, setAttempts] = useState(0);
  const err = (field: string) =>
    fieldErrors.find((e) => e.field === field)?.messages.join(' ') || undefined;

  useEffect(() => {
    const controller = new AbortController();
    api.authConfig(controller.signal).then(
      (config) => setOidc(config.oidc === true),
      () => setOidc(false),
    );
    return () => controller.abort();
  }, []);

  if (status === 'signed-in' && !busy) return <Navigate to={target} replace />;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const found = failures([
      ['username', check.filled(username)],
      ['password', password ? null : 'Bitte füllen Sie dieses Feld aus.'],
    ]);
    setFieldErrors(found);
    if (found.length) {
      setAttempts((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      await signIn(username.trim(), password);
      navigate(target, { replace: true });
    } catch (reason) {
      setBusy(false);
      if (reason instanceof ApiError && reason.status === 401) {
        setError('Benutzername oder Passwort ist falsch.');
      } else if (reason instanceof ApiError) {
        setError(reason.message);
      } else {
        setError('Die Anmeldung ist fehlgeschlagen.');
      }
    }
  }

  return (
    <main className="centered">
      <div className="card login-card">
        <p className="brand brand--large">Lotse</p>
        <h1>Anmelden</h1>
        <p className="muted">Fallkonferenzen der Jugendberufsagentur</p>
        <form onSubmit={(event) => void handleSubmit(event)} className="stack" noValidate>
          <FieldErrors items={summaryItems(fieldErrors, LABELS, loginId)} focusKey={attempts} />
          <Field id={loginId('username')} label={LABELS.username} error={err('username')}>
            {(control) => (
              <input
                {...control}
                name="username"
                autoComplete="username"
                required
                autoFocus
                value={username}
                onChange={(event) => setUsername(event.target.value)}
              />
            )}
          </Field>
          <Field id={loginId('password')} label={LABELS.password} error={err('password')}>
            {(control) => (
              <input
                {...control}
                name="password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(event) => setPassword(event.target.value)}
              />
            )}
          </Field>
          {error && (
            <p className="alert alert-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button-primary" disabled={busy}>
            Anmelden
          </button>
        </form>
        {oidc && (
          <div className="login-sso">
            <span className="muted">oder</span>
            <a className="button-link" href={OIDC_LOGIN_URL}>
              Mit Single Sign-On anmelden
            </a>
          </div>
        )}
      </div>
    </main>
  );
}
