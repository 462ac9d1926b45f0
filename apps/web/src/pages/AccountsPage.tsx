import { useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api';
import type { Account, ApiError, FieldError, Role } from '../api';
import { canManageAccounts, useUser } from '../auth';
import { FieldErrors, summaryItems } from '../components/FieldErrors';
import { check, Checkbox, Field, failures, fieldId, messagesOf } from '../components/FormFields';
import { ErrorMessage, Loading, Notice } from '../components/Status';
import { formatDate } from '../format';
import { toApiError, useDocumentTitle, useResource, useFormProblems } from '../hooks';

const ROLE_CHOICES: Array<{ value: Role; label: string }> = [
  { value: 'caseworker', label: 'Sachbearbeitung' },
  { value: 'coordinator', label: 'Koordination' },
  { value: 'admin', label: 'Administration' },
  { value: 'data-protection-officer', label: 'Datenschutzbeauftragte' },
];
const MIN_PASSWORD = 12;

/** The new-account form's labels, in its order (error summary; the API's field names). */
const ACCOUNT_LABELS: Record<string, string> = {
  displayName: 'Name',
  username: 'Benutzername',
  email: 'E-Mail',
  password: 'Passwort',
  roles: 'Rollen',
};

/** Konten: the admins of an institution manage its staff accounts. */
export function AccountsPage() {
  useDocumentTitle('Konten');
  const user = useUser();
  const accounts = useResource('accounts', (signal) => api.accounts(signal));
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  if (!canManageAccounts(user)) {
    return (
      <>
        <h1>Konten</h1>
        <p>Konten verwaltet die Administration Ihrer Institution.</p>
      </>
    );
  }

  async function run(account: Account, action: () => Promise<unknown>, done: string) {
    setBusy(account.id);
    setError(null);
    setNotice(null);
    try {
      await action();
      setNotice(done);
    } catch (reason) {
      setError(toApiError(reason));
    } finally {
      setBusy(null);
      accounts.reload();
    }
  }

  function toggleActive(account: Account) {
    void run(
      account,
      () => api.updateAccount(account.id, { active: !account.active }),
      account.active
        ? `Das Konto „${account.username}“ ist gesperrt.`
        : `Das Konto „${account.username}“ ist wieder aktiv.`,
    );
  }

  function setPassword(account: Account) {
    const password = window.prompt(
      `Neues Passwort für „${account.username}“ (mindestens ${MIN_PASSWORD} Zeichen):`,
    );
    if (password === null) return;
    void run(
      account,
      () => api.setAccountPassword(account.id, password),
      `Das Passwort von „${account.username}“ ist neu gesetzt.`,
    );
  }

  const items = accounts.data;
  return (
    <>
      <div className="page-heading">
        <h1>Konten</h1>
        <p className="muted">{user.institution.name}</p>
      </div>
      <p className="muted">
        Sperren, ein neues Passwort oder andere Rollen beenden die laufenden Anmeldungen des Kontos;
        neue Rollen gelten ab der nächsten Anmeldung.
      </p>
      {notice && <Notice tone="success">{notice}</Notice>}
      <ErrorMessage error={error} />
      <ErrorMessage error={accounts.error} />
      {!items && accounts.loading && <Loading />}
      {items && (
        <div className="table-wrap" aria-busy={accounts.loading}>
          <table className="table">
            <caption className="visually-hidden">Konten</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Benutzername</th>
                <th scope="col">Rollen</th>
                <th scope="col">Anmeldung</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Aktionen</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((account) => (
                <tr key={account.id} data-account={account.username}>
                  <td>
                    {account.displayName}
                    {account.email && <div className="muted">{account.email}</div>}
                  </td>
                  <td>{account.username}</td>
                  <td>{account.roleLabels.join(', ')}</td>
                  <td>
                    {[account.hasPassword && 'Passwort', account.linkedToSso && 'Single Sign-On']
                      .filter(Boolean)
                      .join(', ') || '—'}
                  </td>
                  <td className="nowrap">
                    {account.active ? (
                      <span className="badge badge-success badge--flush">aktiv</span>
                    ) : (
                      <span className="badge badge-danger badge--flush">gesperrt</span>
                    )}
                    <div className="muted">seit {formatDate(account.createdAt.slice(0, 10))}</div>
                  </td>
                  <td className="actions">
                    {account.id !== user.id && (
                      <>
                        <button
                          type="button"
                          className="button-small"
                          disabled={busy !== null}
                          onClick={() => toggleActive(account)}
                        >
                          {account.active ? 'Sperren' : 'Entsperren'}
                        </button>{' '}
                      </>
                    )}
                    <button
                      type="button"
                      className="button-small"
                      disabled={busy !== null}
                      onClick={() => setPassword(account)}
                    >
                      Passwort setzen
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <NewAccountSection
        onCreated={(account) => {
          setNotice(`Das Konto „${account.username}“ ist angelegt.`);
          setError(null);
          accounts.reload();
        }}
      />
    </>
  );
}

function NewAccountSection({ onCreated }: { onCreated: (account: Account) => void }) {
  const [values, setValues] = useState({
    username: '',
    displayName: '',
    email: '',
    password: '',
    roles: ['caseworker'] as Role[],
  });
  const problems = useFormProblems();
  const { error } = problems;
  const [ownErrors, setOwnErrors] = useState<FieldError[]>([]);
  const [attempts, setAttempts] = useState(0);
  const fieldErrors = ownErrors.length ? ownErrors : problems.fieldErrors;
  const [busy, setBusy] = useState(false);
  const id = (field: string) => fieldId('account', field);
  const err = (field: string) => messagesOf(fieldErrors, field) || undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    problems.clear();
    // What the form can tell itself; the rules of names and passwords are the API's.
    const found = failures([
      ['displayName', check.filled(values.displayName)],
      ['username', check.filled(values.username)],
      ['roles', values.roles.length === 0 && 'Bitte wählen Sie mindestens eine Rolle.'],
    ]);
    setOwnErrors(found);
    if (found.length) {
      setAttempts((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      const account = await api.createAccount({
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        ...(values.email.trim() ? { email: values.email.trim() } : {}),
        roles: values.roles,
        ...(values.password ? { password: values.password } : {}),
      });
      setValues({ username: '', displayName: '', email: '', password: '', roles: ['caseworker'] });
      onCreated(account);
    } catch (reason) {
      problems.show(toApiError(reason));
      setAttempts((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  const set = (field: keyof typeof values) => (value: string) =>
    setValues((v) => ({ ...v, [field]: value }));
  const toggleRole = (role: Role, on: boolean) =>
    setValues((v) => ({
      ...v,
      roles: on ? [...new Set([...v.roles, role])] : v.roles.filter((r) => r !== role),
    }));

  return (
    <section className="card" aria-labelledby="account-new-heading">
      <h2 id="account-new-heading">Neues Konto</h2>
      <form id="account-form" onSubmit={(e) => void submit(e)} noValidate autoComplete="off">
        <FieldErrors items={summaryItems(fieldErrors, ACCOUNT_LABELS, id)} focusKey={attempts} />
        <ErrorMessage error={error} />
        <div className="form-grid">
          <Field id={id('displayName')} label="Name" required error={err('displayName')}>
            {(control) => (
              <input
                {...control}
                type="text"
                maxLength={200}
                value={values.displayName}
                onChange={(e) => set('displayName')(e.target.value)}
              />
            )}
          </Field>
          <Field
            id={id('username')}
            label="Benutzername"
            required
            hint="Kleinbuchstaben, Ziffern, . _ -"
            error={err('username')}
          >
            {(control) => (
              <input
                {...control}
                type="text"
                maxLength={64}
                value={values.username}
                onChange={(e) => set('username')(e.target.value.toLowerCase())}
              />
            )}
          </Field>
          <Field id={id('email')} label="E-Mail" error={err('email')}>
            {(control) => (
              <input
                {...control}
                type="email"
                value={values.email}
                onChange={(e) => set('email')(e.target.value)}
              />
            )}
          </Field>
          <Field
            id={id('password')}
            label="Passwort"
            hint={`Mindestens ${MIN_PASSWORD} Zeichen; leer nur bei Anmeldung über Single Sign-On`}
            error={err('password')}
          >
            {(control) => (
              <input
                {...control}
                type="password"
                autoComplete="new-password"
                value={values.password}
                onChange={(e) => set('password')(e.target.value)}
              />
            )}
          </Field>
        </div>
        <fieldset
          className="choice-list"
          id={id('roles')}
          tabIndex={-1}
          aria-describedby={err('roles') ? `${id('roles')}-error` : undefined}
        >
          <legend>Rollen</legend>
          {ROLE_CHOICES.map((choice) => (
            <Checkbox
              key={choice.value}
              id={id(`role-${choice.value}`)}
              label={choice.label}
              checked={values.roles.includes(choice.value)}
              onChange={(on) => toggleRole(choice.value, on)}
            />
          ))}
          {err('roles') && (
            <p className="field__error" id={`${id('roles')}-error`}>
              {err('roles')}
            </p>
          )}
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={busy}>
            Konto anlegen
          </button>
        </div>
      </form>
    </section>
  );
}
