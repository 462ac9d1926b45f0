import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, newIdempotencyKey } from '../api';
import type { ExistingCase, ReferralSubmission } from '../api';
import { useUser } from '../auth';
import {
  clientValidationError,
  CONSENT_FIELD_LABELS,
  ConsentFields,
  consentProblems,
  initialConsent,
  toConsentSubmission,
} from '../components/ConsentFields';
import type { ConsentValues } from '../components/ConsentFields';
import { ExistingCasesNotice } from '../components/ExistingCasesNotice';
import { FieldErrors } from '../components/FieldErrors';
import type { FieldErrorItem } from '../components/FieldErrors';
import {
  check,
  Checkbox,
  errorsBelow,
  failures,
  Field,
  fieldId,
  messagesOf,
} from '../components/FormFields';
import { ErrorMessage } from '../components/Status';
import { ageOn, berlinToday } from '../format';
import { toApiError, useDocumentTitle, useFormProblems } from '../hooks';
import '../styles/case.css';

/** Router state of the case page after a referral: its success note, open cases of the person. */
export interface CaseNoticeState {
  notice: string;
  existingCases?: ExistingCase[];
}

const SHORT_DESCRIPTION_MAX = 4000;
/** From here on the counter of the short description is read out while typing. */
const ANNOUNCE_REMAINING_BELOW = 200;
const AGE_OF_MAJORITY = 18;
const ID_PREFIX = 'referral';
/** The check for open cases of the person waits until typing pauses. */
const EXISTING_CASES_DELAY_MS = 600;

interface ReferralValues {
  firstName: string;
  lastName: string;
  birthDate: string;
  municipality: string;
  postalCode: string;
  email: string;
  phone: string;
  guardianName: string;
  guardianEmail: string;
  referredOn: string;
  shortDescription: string;
  youngPersonAttends: boolean;
  guardianAttends: boolean;
}

const EMPTY: ReferralValues = {
  firstName: '',
  lastName: '',
  birthDate: '',
  municipality: '',
  postalCode: '',
  email: '',
  phone: '',
  guardianName: '',
  guardianEmail: '',
  referredOn: '',
  shortDescription: '',
  youngPersonAttends: false,
  guardianAttends: false,
};

/** The request fields (as the server names them in errors) and their labels. */
const FIELD_LABELS: Record<string, string> = {
  'youngPerson.firstName': 'Vorname',
  'youngPerson.lastName': 'Nachname',
  'youngPerson.birthDate': 'Geburtsdatum',
  'youngPerson.municipality': 'Wohnort',
  'youngPerson.postalCode': 'Postleitzahl',
  'youngPerson.email': 'E-Mail',
  'youngPerson.phone': 'Telefon',
  'youngPerson.guardian.name': 'Name der Erziehungsberechtigten',
  'youngPerson.guardian.email': 'E-Mail der Erziehungsberechtigten',
  referredOn: 'Datum der Fallmeldung',
  shortDescription: 'Kurzbeschreibung',
  youngPersonAttends: 'Der junge Mensch möchte an der Fallkonferenz teilnehmen',
  guardianAttends: 'Die Erziehungsberechtigten möchten teilnehmen',
  ...Object.fromEntries(
    Object.entries(CONSENT_FIELD_LABELS).map(([field, label]) => [`consent.${field}`, label]),
  ),
};

/** Required texts go out trimmed (also when empty: the server names them); optional ones only when filled. */
function toSubmission(
  values: ReferralValues,
  withGuardian: boolean,
  consent: ConsentValues | null,
): ReferralSubmission {
  const optional = (text: string) => text.trim() || undefined;
  const guardian =
    withGuardian && (values.guardianName.trim() || values.guardianEmail.trim())
      ? { name: values.guardianName.trim(), email: optional(values.guardianEmail) }
      : undefined;
  return {
    referredOn: optional(values.referredOn),
    shortDescription: values.shortDescription.trim(),
    youngPerson: {
      firstName: values.firstName.trim(),
      lastName: values.lastName.trim(),
      birthDate: values.birthDate,
      municipality: values.municipality.trim(),
      postalCode: optional(values.postalCode),
      email: optional(values.email),
      phone: optional(values.phone),
      guardian,
    },
    youngPersonAttends: values.youngPersonAttends,
    guardianAttends: values.guardianAttends,
    consent: consent ? toConsentSubmission(consent) : undefined,
  };
}

/**
 * Doppelbetreuung: once first name, last name and birth date are filled in, asks whether the
 * young person already has an open case in the JBA. Only a hint: errors leave it empty.
 */
function useExistingCases(values: ReferralValues, today: string): ExistingCase[] {
  const [found, setFound] = useState<{ key: string; items: ExistingCase[] } | null>(null);
  const firstName = values.firstName.trim();
  const lastName = values.lastName.trim();
  const { birthDate } = values;
  const complete =
    firstName !== '' &&
    lastName !== '' &&
    /^\d{4}-\d{2}-\d{2}$/.test(birthDate) &&
    birthDate <= today;
  const key = complete ? JSON.stringify([firstName, lastName, birthDate]) : null;

  useEffect(() => {
    if (!key) return;
    const [first, last, born] = JSON.parse(key) as [string, string, string];
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      api
        .existingCases({ firstName: first, lastName: last, birthDate: born }, controller.signal)
        .then((answer) => setFound({ key, items: answer.items }))
        .catch(() => {
          if (!controller.signal.aborted) setFound({ key, items: [] });
        });
    }, EXISTING_CASES_DELAY_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [key]);

  // An answer for other names or another birth date is not shown.
  return found && found.key === key ? found.items : NONE;
}

const NONE: ExistingCase[] = [];

/** `/faelle/neu`: a caseworker refers a young person to the case conference. */
export function ReferralFormPage() {
  useDocumentTitle('Neue Fallmeldung');
  const user = useUser();
  const navigate = useNavigate();
  const [today] = useState(berlinToday);
  const [values, setValues] = useState<ReferralValues>(() => ({ ...EMPTY, referredOn: today }));
  const [guardianWanted, setGuardianWanted] = useState(false);
  const [withConsent, setWithConsent] = useState(false);
  const [consent, setConsent] = useState<ConsentValues>(() => initialConsent(user));
  /** One key per visit of the form: a double click or a retry creates one referral. */
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

  const existingCases = useExistingCases(values, today);

  const age = values.birthDate ? ageOn(values.birthDate, values.referredOn || today) : null;
  const minor = age !== null && age < AGE_OF_MAJORITY;
  const withGuardian = minor || guardianWanted;

  function set<K extends keyof ReferralValues>(key: K, value: ReferralValues[K]) {
    setValues((current) => ({ ...current, [key]: value }));
  }

  function setGuardianField(key: 'guardianName' | 'guardianEmail', value: string) {
    set(key, value);
    // Whatever is typed stays visible (and is sent), even if the birth date changes later.
    if (value.trim()) setGuardianWanted(true);
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (sending.current) return;
    problems.clear();
    // The form's own checks first (no browser bubbles); the server checks everything again.
    const found = [
      ...failures([
        ['youngPerson.firstName', check.filled(values.firstName)],
        ['youngPerson.lastName', check.filled(values.lastName)],
        ['youngPerson.birthDate', check.date(values.birthDate, true)],
        ['youngPerson.municipality', check.filled(values.municipality)],
        ['shortDescription', check.filled(values.shortDescription)],
      ]),
      ...(withConsent
        ? consentProblems(consent).map((p) => ({ ...p, field: `consent.${p.field}` }))
        : []),
    ];
    if (found.length) {
      problems.show(clientValidationError(found));
      setFocusProblems((n) => n + 1);
      return;
    }
    sending.current = true;
    setBusy(true);
    try {
      const accepted = await api.submitReferral(
        toSubmission(values, withGuardian, withConsent ? consent : null),
        idempotencyKey,
      );
      const state: CaseNoticeState = {
        notice: `Fallmeldung ${accepted.reference} ist eingegangen.`,
        existingCases: accepted.existingCases ?? [],
      };
      navigate(`/faelle/${encodeURIComponent(accepted.id)}`, { state });
    } catch (reason) {
      const apiError = toApiError(reason);
      problems.show(apiError);
      setFocusProblems((n) => n + 1);
    } finally {
      sending.current = false;
      setBusy(false);
    }
  }

  const errorOf = (field: string) => messagesOf(fieldErrors, field) || undefined;
  const id = (field: string) => fieldId(ID_PREFIX, field);
  const summary: FieldErrorItem[] = fieldErrors.map((e) => {
    const label = FIELD_LABELS[e.field];
    return {
      field: e.field,
      label,
      messages: e.messages,
      targetId: label ? id(e.field) : undefined,
    };
  });
  const remaining = SHORT_DESCRIPTION_MAX - values.shortDescription.length;

  return (
    <>
      <p className="back-link">
        <Link to="/faelle">← Zur Fallliste</Link>
      </p>
      <h1>Neue Fallmeldung</h1>
      <p className="muted">
        Pflichtfelder sind mit <span aria-hidden="true">*</span>
        <span className="visually-hidden">einem Stern</span> markiert. Gemeldet wird für{' '}
        {user.institution.name}.
      </p>

      <div ref={problemsRef} tabIndex={-1} className="form-problems">
        {summary.length > 0 ? (
          <FieldErrors items={summary} heading="Bitte prüfen Sie:" ref={summaryRef} />
        ) : (
          <ErrorMessage error={error} />
        )}
        {error?.status === 422 && (
          <p className="muted">
            Vermutlich ist eine frühere Übermittlung dieser Fallmeldung bereits eingegangen. Bitte
            sehen Sie in der <Link to="/faelle">Fallliste</Link> nach, bevor Sie den Fall erneut
            melden.
          </p>
        )}
      </div>

      <form
        id="referral-form"
        className="referral-form"
        onSubmit={(event) => void handleSubmit(event)}
        autoComplete="off"
        aria-busy={busy}
        noValidate
      >
        <section className="card" aria-labelledby="referral-person-heading">
          <h2 id="referral-person-heading">Junger Mensch</h2>
          <div className="form-grid">
            <Field
              id={id('youngPerson.firstName')}
              label="Vorname"
              required
              error={errorOf('youngPerson.firstName')}
            >
              {(control) => (
                <input
                  {...control}
                  type="text"
                  maxLength={100}
                  value={values.firstName}
                  onChange={(event) => set('firstName', event.target.value)}
                />
              )}
            </Field>
            <Field
              id={id('youngPerson.lastName')}
              label="Nachname"
              required
              error={errorOf('youngPerson.lastName')}
            >
              {(control) => (
                <input
                  {...control}
                  type="text"
                  maxLength={100}
                  value={values.lastName}
                  onChange={(event) => set('lastName', event.target.value)}
                />
              )}
            </Field>
            <Field
              id={id('youngPerson.birthDate')}
              label="Geburtsdatum"
              required
              hint={age !== null ? `${age} Jahre${minor ? ' – minderjährig' : ''}` : undefined}
              error={errorOf('youngPerson.birthDate')}
            >
              {(control) => (
                <input
                  {...control}
                  type="date"
                  max={today}
                  value={values.birthDate}
                  onChange={(event) => set('birthDate', event.target.value)}
                />
              )}
            </Field>
            <Field
              id={id('youngPerson.municipality')}
              label="Wohnort"
              required
              error={errorOf('youngPerson.municipality')}
            >
              {(control) => (
                <input
                  {...control}
                  type="text"
                  maxLength={100}
                  value={values.municipality}
                  onChange={(event) => set('municipality', event.target.value)}
                />
              )}
            </Field>
            <Field
              id={id('youngPerson.postalCode')}
              label="Postleitzahl"
              error={errorOf('youngPerson.postalCode')}
            >
              {(control) => (
                <input
                  {...control}
                  type="text"
                  inputMode="numeric"
                  pattern="\d{5}"
                  maxLength={5}
                  title="Fünfstellige Postleitzahl"
                  value={values.postalCode}
                  onChange={(event) => set('postalCode', event.target.value.trim())}
                />
              )}
            </Field>
            <Field id={id('youngPerson.email')} label="E-Mail" error={errorOf('youngPerson.email')}>
              {(control) => (
                <input
                  {...control}
                  type="email"
                  value={values.email}
                  onChange={(event) => set('email', event.target.value)}
                />
              )}
            </Field>
            <Field
              id={id('youngPerson.phone')}
              label="Telefon"
              error={errorOf('youngPerson.phone')}
            >
              {(control) => (
                <input
                  {...control}
                  type="tel"
                  maxLength={50}
                  value={values.phone}
                  onChange={(event) => set('phone', event.target.value)}
                />
              )}
            </Field>
          </div>
          <ExistingCasesNotice cases={existingCases} />

          {!minor && (
            <Checkbox
              id={id('withGuardian')}
              label="Erziehungsberechtigte angeben"
              checked={guardianWanted}
              onChange={setGuardianWanted}
              controls={guardianWanted ? id('guardian') : undefined}
            />
          )}
          {withGuardian && (
            <fieldset id={id('guardian')} className="subsection">
              <legend>Erziehungsberechtigte (optional)</legend>
              {minor && (
                <p className="field__hint">
                  Der junge Mensch ist minderjährig. Bitte geben Sie die Erziehungsberechtigten an,
                  soweit bekannt.
                </p>
              )}
              <div className="form-grid">
                <Field
                  id={id('youngPerson.guardian.name')}
                  label="Name der Erziehungsberechtigten"
                  error={errorOf('youngPerson.guardian.name')}
                  className="form-grid__wide"
                >
                  {(control) => (
                    <input
                      {...control}
                      type="text"
                      maxLength={200}
                      required={Boolean(values.guardianEmail.trim())}
                      value={values.guardianName}
                      onChange={(event) => setGuardianField('guardianName', event.target.value)}
                    />
                  )}
                </Field>
                <Field
                  id={id('youngPerson.guardian.email')}
                  label="E-Mail der Erziehungsberechtigten"
                  error={errorOf('youngPerson.guardian.email')}
                  className="form-grid__wide"
                >
                  {(control) => (
                    <input
                      {...control}
                      type="email"
                      value={values.guardianEmail}
                      onChange={(event) => setGuardianField('guardianEmail', event.target.value)}
                    />
                  )}
                </Field>
              </div>
            </fieldset>
          )}
        </section>

        <section className="card" aria-labelledby="referral-facts-heading">
          <h2 id="referral-facts-heading">Fallmeldung</h2>
          <div className="form-grid">
            <Field
              id={id('referredOn')}
              label="Datum der Fallmeldung"
              hint="Standard: heute"
              error={errorOf('referredOn')}
            >
              {(control) => (
                <input
                  {...control}
                  type="date"
                  max={today}
                  value={values.referredOn}
                  onChange={(event) => set('referredOn', event.target.value)}
                />
              )}
            </Field>
          </div>
          <Field
            id={id('shortDescription')}
            label="Kurzbeschreibung"
            required
            hint={
              <span aria-live={remaining < ANNOUNCE_REMAINING_BELOW ? 'polite' : 'off'}>
                {values.shortDescription.length.toLocaleString('de-DE')} von{' '}
                {SHORT_DESCRIPTION_MAX.toLocaleString('de-DE')} Zeichen
              </span>
            }
            error={errorOf('shortDescription')}
            className="short-description"
          >
            {(control) => (
              <textarea
                {...control}
                rows={6}
                maxLength={SHORT_DESCRIPTION_MAX}
                value={values.shortDescription}
                onChange={(event) => set('shortDescription', event.target.value)}
              />
            )}
          </Field>
          <div className="choice-list">
            <Checkbox
              id={id('youngPersonAttends')}
              label="Der junge Mensch möchte an der Fallkonferenz teilnehmen"
              checked={values.youngPersonAttends}
              onChange={(checked) => set('youngPersonAttends', checked)}
              error={errorOf('youngPersonAttends')}
            />
            <Checkbox
              id={id('guardianAttends')}
              label="Die Erziehungsberechtigten möchten teilnehmen"
              checked={values.guardianAttends}
              onChange={(checked) => set('guardianAttends', checked)}
              error={errorOf('guardianAttends')}
            />
          </div>
        </section>

        <section className="card" aria-labelledby="referral-consent-heading">
          <h2 id="referral-consent-heading">Schweigepflichtsentbindung</h2>
          <Checkbox
            id={id('withConsent')}
            label="Einwilligung liegt vor"
            hint={
              withConsent
                ? undefined
                : 'Ohne Einwilligung wartet der Fall auf sie; Sie können sie dann auf der Fallseite nachreichen.'
            }
            checked={withConsent}
            onChange={setWithConsent}
            controls={withConsent ? id('consent') : undefined}
          />
          {withConsent && (
            <div id={id('consent')} className="subsection">
              <ConsentFields
                idPrefix={id('consent')}
                values={consent}
                onChange={(changes) => setConsent((current) => ({ ...current, ...changes }))}
                errors={errorsBelow(fieldErrors, 'consent')}
                referredOn={values.referredOn || today}
                birthDate={values.birthDate || undefined}
              />
            </div>
          )}
        </section>

        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={busy}>
            Fallmeldung absenden
          </button>
          <Link to="/faelle" className="button-link button-secondary">
            Abbrechen
          </Link>
          {busy && (
            <span className="muted form-actions__status" role="status">
              Wird gesendet …
            </span>
          )}
        </div>
      </form>
    </>
  );
}
