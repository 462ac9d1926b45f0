import { useRef, useState } from 'react';
import { api } from '../api';
import type {
  ConsentGrantor,
  ConsentPurpose,
  ConsentSubmission,
  FieldError,
  InstitutionListItem,
  User,
} from '../api';
import { ApiError } from '../api';
import { useUser } from '../auth';
import '../styles/case.css';
import { ageOn, berlinToday, formatDate } from '../format';
import { useResource } from '../hooks';
import { Checkbox, ChoiceGroup, Field, fieldId, messagesOf, Radio } from './FormFields';
import { ErrorMessage, Loading } from './Status';

/**
 * The fields of a signed release from confidentiality (Schweigepflichtsentbindung): who signed
 * and when, recipients, purposes and the SHA-256 of the signed document. Used by the referral
 * form (fields `consent.*`) and by "Einwilligung nachreichen" on the case page.
 */

export interface ConsentValues {
  grantedBy: ConsentGrantor | '';
  signedOn: string;
  capacityConfirmed: boolean;
  guardianInformed: boolean;
  /** A guardian's consent: who signed; the second only under joint custody. */
  guardianName: string;
  secondGuardianName: string;
  jointCustody: boolean;
  /** Institution ids. */
  recipients: string[];
  purposes: ConsentPurpose[];
  documentHash: string;
  /** "Kein Scan – Original in der Papierakte": no hash, a reason instead. */
  paperOnly: boolean;
  paperOnlyReason: string;
}

/** What the paper-only option suggests as the reason (editable). */
export const PAPER_ONLY_DEFAULT_REASON = 'Original liegt in der Akte';

export const PURPOSE_OPTIONS: { value: ConsentPurpose; label: string }[] = [
  { value: 'case-conference', label: 'Besprechung in der Fallkonferenz' },
  { value: 'information-exchange', label: 'Informationsaustausch zwischen den Partnern' },
  { value: 'protocol-distribution', label: 'Versand des Protokolls' },
  {
    value: 'entrusted-information',
    label: 'Weitergabe von dem Jugendamt anvertrauten Informationen (§ 65 SGB VIII)',
  },
  { value: 'follow-up', label: 'Nachverfolgung der Maßnahmen' },
];

/** The consent's fields as the server names them in errors, and their labels. */
export const CONSENT_FIELD_LABELS: Record<string, string> = {
  grantedBy: 'Unterschrieben von',
  signedOn: 'Unterschrieben am',
  capacityConfirmed: 'Einsichtsfähigkeit bestätigt',
  guardianInformed: 'Erziehungsberechtigte informiert',
  guardianNames: 'Namen der Erziehungsberechtigten',
  jointCustody: 'Gemeinsames Sorgerecht',
  recipients: 'Empfänger',
  purposes: 'Zwecke',
  documentHash: 'SHA-256 des unterschriebenen Dokuments',
  paperOnlyReason: 'Grund ohne Scan',
};

/**
 * The defaults of every consent form (referral form, "Einwilligung nachreichen", the task
 * "Einwilligung einholen"): recipient the user's own institution, purpose the case conference.
 */
export function initialConsent(user: User): ConsentValues {
  return {
    grantedBy: '',
    signedOn: '',
    capacityConfirmed: false,
    guardianInformed: false,
    guardianName: '',
    secondGuardianName: '',
    jointCustody: false,
    recipients: [user.institution.id],
    purposes: ['case-conference'],
    documentHash: '',
    paperOnly: false,
    paperOnlyReason: PAPER_ONLY_DEFAULT_REASON,
  };
}

const HASH_RE = /^[0-9a-fA-F]{64}$/;

/**
 * The form's own checks before sending (the forms are `noValidate`): the fields as the server
 * names them, without a prefix. The server checks everything again.
 */
export function consentProblems(values: ConsentValues): FieldError[] {
  const problems: FieldError[] = [];
  const add = (field: string, message: string) => problems.push({ field, messages: [message] });
  if (!values.grantedBy) add('grantedBy', 'Bitte wählen Sie, wer unterschrieben hat.');
  if (!values.signedOn)
    add('signedOn', 'Bitte geben Sie das Datum der Unterschrift ein (TT.MM.JJJJ).');
  else if (values.signedOn > berlinToday())
    add('signedOn', 'Die Einwilligung kann nicht in der Zukunft unterschrieben sein.');
  if (values.grantedBy === 'guardian' && !values.guardianName.trim())
    add('guardianNames', 'Bitte den Namen der oder des Erziehungsberechtigten angeben.');
  if (values.purposes.length === 0) add('purposes', 'Bitte wählen Sie mindestens einen Zweck.');
  if (values.paperOnly) {
    if (!values.paperOnlyReason.trim())
      add('paperOnlyReason', 'Bitte geben Sie an, warum es keinen Scan gibt.');
  } else if (!values.documentHash.trim()) {
    add(
      'documentHash',
      'Bitte wählen Sie das Dokument aus oder tragen Sie den SHA-256-Wert ein – oder wählen Sie „Kein Scan – Original in der Papierakte“.',
    );
  } else if (!HASH_RE.test(values.documentHash.trim())) {
    add('documentHash', 'Bitte genau 64 Hexadezimalzeichen (0–9, a–f) eingeben.');
  }
  return problems;
}

/** Problems the form found itself, shown like a 400 of the server. */
export function clientValidationError(errors: FieldError[]): ApiError {
  return new ApiError(400, {
    statusCode: 400,
    code: 'validation',
    message: 'Bitte prüfen Sie Ihre Angaben.',
    errors,
  });
}

/** The values as request body. */
export function toConsentSubmission(values: ConsentValues): ConsentSubmission {
  return {
    grantedBy: values.grantedBy || undefined,
    signedOn: values.signedOn,
    capacityConfirmed: values.capacityConfirmed,
    guardianInformed: values.guardianInformed,
    ...(values.grantedBy === 'guardian'
      ? {
          guardianNames: [
            values.guardianName,
            ...(values.jointCustody ? [values.secondGuardianName] : []),
          ]
            .map((name) => name.trim())
            .filter(Boolean),
          jointCustody: values.jointCustody,
        }
      : {}),
    recipients: values.recipients,
    purposes: values.purposes,
    ...(values.paperOnly
      ? { paperOnlyReason: values.paperOnlyReason.trim() }
      : { documentHash: values.documentHash.trim().toLowerCase() }),
  };
}

function toHex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

function toggled<T>(list: T[], value: T, on: boolean): T[] {
  const without = list.filter((item) => item !== value);
  return on ? [...without, value] : without;
}

/** The institutions of the user's JBA, the user's own first. */
function recipientOptions(all: InstitutionListItem[], user: User): InstitutionListItem[] {
  const ofJba = all.filter((i) => i.jbaId === user.jbaId);
  return [
    ...ofJba.filter((i) => i.id === user.institution.id),
    ...ofJba.filter((i) => i.id !== user.institution.id),
  ];
}

interface ConsentFieldsProps {
  /** Prefix of the inputs' ids (see `fieldId`). */
  idPrefix: string;
  values: ConsentValues;
  onChange: (changes: Partial<ConsentValues>) => void;
  /** The server's errors, named without a prefix (`grantedBy`, `recipients` …). */
  errors: FieldError[];
  /** Date of the referral: a consent signed later does not count. */
  referredOn?: string;
  /** Birth date of the young person, for the age on the day of signing. */
  birthDate?: string;
  /**
   * Recorded for a case already waiting for its consent: one signed after the referral date
   * counts, and the referral then counts from the day of signing.
   */
  later?: boolean;
}

interface FileNote {
  tone: 'hint' | 'error';
  text: string;
}

export function ConsentFields({
  idPrefix,
  values,
  onChange,
  errors,
  referredOn,
  birthDate,
  later = false,
}: ConsentFieldsProps) {
  const user = useUser();
  const institutions = useResource('institutions', (signal) => api.institutions(signal));
  const [fileNote, setFileNote] = useState<FileNote | null>(null);
  /** Only the latest chosen file fills the field. */
  const fileRun = useRef(0);
  const id = (field: string) => fieldId(idPrefix, field);
  const error = (field: string) => messagesOf(errors, field) || undefined;
  const today = berlinToday();

  async function fingerprint(file: File) {
    const run = ++fileRun.current;
    // SubtleCrypto exists only in secure contexts (https, localhost).
    const subtle = window.isSecureContext ? globalThis.crypto?.subtle : undefined;
    if (!subtle) {
      setFileNote({
        tone: 'error',
        text: 'Der Browser kann den Fingerabdruck hier nicht berechnen (nur über eine sichere Verbindung). Bitte tragen Sie den SHA-256-Wert selbst ein.',
      });
      return;
    }
    setFileNote({ tone: 'hint', text: `Fingerabdruck von „${file.name}“ wird berechnet …` });
    try {
      const digest = await subtle.digest('SHA-256', await file.arrayBuffer());
      if (run !== fileRun.current) return;
      onChange({ documentHash: toHex(digest) });
      setFileNote({
        tone: 'hint',
        text: `Fingerabdruck von „${file.name}“ eingetragen. Das Dokument selbst wurde nicht übertragen.`,
      });
    } catch {
      if (run !== fileRun.current) return;
      setFileNote({ tone: 'error', text: `„${file.name}“ konnte nicht gelesen werden.` });
    }
  }

  const age = birthDate && values.signedOn ? ageOn(birthDate, values.signedOn) : null;
  const signedLate = Boolean(referredOn && values.signedOn && values.signedOn > referredOn);
  const signedOnHint =
    referredOn || age !== null ? (
      <>
        {referredOn && (
          <span className={signedLate && !later ? 'field__warning' : undefined}>
            {later
              ? signedLate
                ? `Nach dem Tag der Fallmeldung (${formatDate(referredOn)}) unterschrieben: Die Fallmeldung gilt dann ab dem Tag der Unterschrift.`
                : `Fallmeldung vom ${formatDate(referredOn)}.`
              : signedLate
                ? `Nach dem Tag der Fallmeldung (${formatDate(referredOn)}) unterschrieben: Die Einwilligung zählt dann nicht.`
                : `Zählt nur, wenn spätestens am Tag der Fallmeldung (${formatDate(referredOn)}) unterschrieben.`}
          </span>
        )}
        {referredOn && age !== null && ' '}
        {age !== null && `Alter bei Unterschrift: ${age} Jahre.`}
      </>
    ) : undefined;

  const options = institutions.data ? recipientOptions(institutions.data, user) : [];

  return (
    <div className="consent-fields">
      <div className="form-grid">
        <ChoiceGroup
          id={id('grantedBy')}
          legend={CONSENT_FIELD_LABELS.grantedBy}
          required
          error={error('grantedBy')}
          className="form-grid__wide"
        >
          <Radio
            id={`${id('grantedBy')}-self`}
            name={`${idPrefix}-grantedBy`}
            value="self"
            label="dem jungen Menschen selbst"
            checked={values.grantedBy === 'self'}
            onChange={() => onChange({ grantedBy: 'self' })}
            required
          />
          <Radio
            id={`${id('grantedBy')}-guardian`}
            name={`${idPrefix}-grantedBy`}
            value="guardian"
            label="den Erziehungsberechtigten"
            checked={values.grantedBy === 'guardian'}
            onChange={() => onChange({ grantedBy: 'guardian' })}
            required
          />
        </ChoiceGroup>
        <Field
          id={id('signedOn')}
          label={CONSENT_FIELD_LABELS.signedOn}
          required
          hint={signedOnHint}
          error={error('signedOn')}
          className="form-grid__wide"
        >
          {(control) => (
            <input
              {...control}
              type="date"
              max={today}
              value={values.signedOn}
              onChange={(event) => onChange({ signedOn: event.target.value })}
            />
          )}
        </Field>
      </div>

      <div className="choice-list consent-fields__flags">
        <Checkbox
          id={id('capacityConfirmed')}
          label={CONSENT_FIELD_LABELS.capacityConfirmed}
          hint="nur für 15–17-Jährige, die allein unterschreiben; zählt nur, wo die Jugendberufsagentur das zulässt"
          checked={values.capacityConfirmed}
          onChange={(checked) => onChange({ capacityConfirmed: checked })}
          error={error('capacityConfirmed')}
        />
        <Checkbox
          id={id('guardianInformed')}
          label={CONSENT_FIELD_LABELS.guardianInformed}
          checked={values.guardianInformed}
          onChange={(checked) => onChange({ guardianInformed: checked })}
          error={error('guardianInformed')}
        />
      </div>

      {values.grantedBy === 'guardian' && (
        <div className="form-grid">
          <Checkbox
            id={id('jointCustody')}
            label="Gemeinsames Sorgerecht: beide Erziehungsberechtigte haben unterschrieben"
            checked={values.jointCustody}
            onChange={(checked) => onChange({ jointCustody: checked })}
            error={error('jointCustody')}
          />
          <Field
            id={id('guardianNames')}
            label={
              values.jointCustody
                ? 'Name (erste/r Erziehungsberechtigte/r)'
                : 'Name der/des Erziehungsberechtigten'
            }
            required
            error={error('guardianNames')}
          >
            {(control) => (
              <input
                {...control}
                type="text"
                maxLength={200}
                autoComplete="off"
                value={values.guardianName}
                onChange={(event) => onChange({ guardianName: event.target.value })}
              />
            )}
          </Field>
          {values.jointCustody && (
            <Field
              id={id('secondGuardianName')}
              label="Name (zweite/r Erziehungsberechtigte/r)"
              required
            >
              {(control) => (
                <input
                  {...control}
                  type="text"
                  maxLength={200}
                  autoComplete="off"
                  value={values.secondGuardianName}
                  onChange={(event) => onChange({ secondGuardianName: event.target.value })}
                />
              )}
            </Field>
          )}
        </div>
      )}

      <ChoiceGroup
        id={id('recipients')}
        legend={CONSENT_FIELD_LABELS.recipients}
        hint="An diese Institutionen der Jugendberufsagentur dürfen Informationen gehen."
        error={error('recipients')}
      >
        {institutions.loading && !institutions.data && (
          <Loading label="Institutionen werden geladen …" />
        )}
        {institutions.error && (
          <>
            <ErrorMessage error={institutions.error} />
            <p>
              <button type="button" className="button-small" onClick={institutions.reload}>
                Erneut laden
              </button>
            </p>
          </>
        )}
        {options.map((institution) => (
          <Checkbox
            key={institution.id}
            id={`${id('recipients')}-${institution.id}`}
            label={
              <>
                {institution.name}{' '}
                <span className="muted">
                  ({institution.kindLabel}
                  {institution.legalBasis && `, ${institution.legalBasis}`})
                </span>
              </>
            }
            checked={values.recipients.includes(institution.id)}
            onChange={(checked) =>
              onChange({ recipients: toggled(values.recipients, institution.id, checked) })
            }
          />
        ))}
      </ChoiceGroup>

      <ChoiceGroup
        id={id('purposes')}
        legend={CONSENT_FIELD_LABELS.purposes}
        error={error('purposes')}
      >
        {PURPOSE_OPTIONS.map((purpose) => (
          <Checkbox
            key={purpose.value}
            id={`${id('purposes')}-${purpose.value}`}
            label={purpose.label}
            checked={values.purposes.includes(purpose.value)}
            onChange={(checked) =>
              onChange({ purposes: toggled(values.purposes, purpose.value, checked) })
            }
            hint={
              purpose.value === 'case-conference' && !values.purposes.includes(purpose.value)
                ? 'Ohne diesen Zweck erlaubt die Einwilligung keine Fallkonferenz.'
                : undefined
            }
          />
        ))}
      </ChoiceGroup>

      <div className="consent-fields__document">
        <Checkbox
          id={id('paperOnly')}
          label="Kein Scan – Original in der Papierakte"
          hint="Gibt es keine digitale Fassung, halten Sie fest, wo das unterschriebene Original liegt."
          checked={values.paperOnly}
          onChange={(checked) => onChange({ paperOnly: checked })}
        />
        {values.paperOnly ? (
          <Field
            id={id('paperOnlyReason')}
            label={CONSENT_FIELD_LABELS.paperOnlyReason}
            required
            hint="Statt des Fingerabdrucks gespeichert, z. B. „Original liegt in der Akte“."
            error={error('paperOnlyReason')}
          >
            {(control) => (
              <input
                {...control}
                type="text"
                maxLength={300}
                autoComplete="off"
                value={values.paperOnlyReason}
                onChange={(event) => onChange({ paperOnlyReason: event.target.value })}
              />
            )}
          </Field>
        ) : (
          <>
            <p className="alert alert-info consent-fields__privacy" id={id('document-note')}>
              Das unterschriebene Dokument bleibt bei Ihnen. Ihr Browser berechnet daraus nur einen
              Fingerabdruck (SHA-256); gespeichert wird allein dieser Fingerabdruck. Mit ihm lässt
              sich später prüfen, ob ein vorgelegtes Dokument das unterschriebene ist.
            </p>
            <div className="consent-fields__document-inputs">
              <div className="field">
                <label htmlFor={id('document-file')}>
                  Dokument auswählen (wird nicht hochgeladen)
                </label>
                <input
                  id={id('document-file')}
                  type="file"
                  aria-describedby={`${id('document-note')}${fileNote ? ` ${id('document-file')}-note` : ''}`}
                  onChange={(event) => {
                    const file = event.target.files?.[0];
                    if (file) void fingerprint(file);
                  }}
                />
                {fileNote && (
                  <p
                    className={fileNote.tone === 'error' ? 'field__error' : 'field__hint'}
                    id={`${id('document-file')}-note`}
                    role="status"
                  >
                    {fileNote.text}
                  </p>
                )}
              </div>
              <Field
                id={id('documentHash')}
                label={CONSENT_FIELD_LABELS.documentHash}
                required
                hint="64 Hexadezimalzeichen; wird beim Auswählen des Dokuments ausgefüllt."
                error={error('documentHash')}
              >
                {(control) => (
                  <input
                    {...control}
                    type="text"
                    className="mono"
                    inputMode="text"
                    autoComplete="off"
                    spellCheck={false}
                    maxLength={64}
                    value={values.documentHash}
                    onChange={(event) => {
                      fileRun.current += 1;
                      setFileNote(null);
                      onChange({ documentHash: event.target.value.replace(/\s+/g, '') });
                    }}
                  />
                )}
              </Field>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
