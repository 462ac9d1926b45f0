import { useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api';
import type { FieldError, JbaSettings, JbaSettingsChanges } from '../api';
import { FieldErrors, summaryItems } from '../components/FieldErrors';
import { check, Checkbox, Field, failures, fieldId } from '../components/FormFields';
import { ErrorMessage, Loading, Notice } from '../components/Status';
import {
  amountToDuration,
  amountToPeriod,
  DURATION_UNITS,
  durationToAmount,
  MAX_AMOUNT,
  PERIOD_UNITS,
  periodToAmount,
  settingsMessage,
} from '../durations';
import type { Amount, DurationUnit, PeriodUnit } from '../durations';
import { toApiError, useDocumentTitle, useResource, useFormProblems } from '../hooks';
import '../styles/forms.css';

/** A Bundesland code (ISO 3166-2:DE without `DE-`), as the API's `federalState` names it. */
type FederalState = NonNullable<JbaSettings['federalState']>;

type DurationField =
  | 'consentReminderInterval'
  | 'consentDeadline'
  | 'callForReferralsLeadTime'
  | 'followUpEscalationDelay';

/** The timings, in the order of the form. */
const DURATION_FIELDS: Array<{ field: DurationField; label: string; hint: string }> = [
  {
    field: 'consentReminderInterval',
    label: 'Erinnerung an fehlende Einwilligung alle',
    hint: 'So oft erinnert Lotse an eine noch fehlende Einwilligung; kürzer als die Frist.',
  },
  {
    field: 'consentDeadline',
    label: 'Frist für die Einwilligung',
    hint: 'Liegt bis dahin keine Einwilligung vor, endet die Fallmeldung.',
  },
  {
    field: 'callForReferralsLeadTime',
    label: 'Aufruf zur Fallmeldung vor dem Termin',
    hint: 'Gilt für Termine, die ab jetzt angelegt werden (höchstens ein Jahr).',
  },
  {
    field: 'followUpEscalationDelay',
    label: 'Überprüfung überfällig nach',
    hint: 'Danach geht eine nicht erledigte Überprüfung einer Maßnahme an die Koordination; gilt ab der nächsten Überprüfungsrunde eines Falls.',
  },
];

type RetentionField =
  | 'retentionEndedWithoutCase'
  | 'retentionClosed'
  | 'retentionAfterRevocation'
  | 'retentionMailContents'
  | 'retentionAudit';

/** The retention categories (Löschfristen), as the JBA settings name them. */
const RETENTION_FIELDS: Array<{ field: RetentionField; label: string; hint: string }> = [
  {
    field: 'retentionEndedWithoutCase',
    label: 'Fälle ohne Zielgruppe oder ohne Einwilligung',
    hint: 'Ab dem Ende des Falls (nicht in der Zielgruppe, ohne Einwilligung beendet)',
  },
  {
    field: 'retentionClosed',
    label: 'Abgeschlossene Fälle',
    hint: 'Ab dem Abschluss nach der Nachverfolgung',
  },
  {
    field: 'retentionAfterRevocation',
    label: 'Nach Widerruf beendete Fälle',
    hint: 'Ab dem Ende des Falls nach dem Widerruf der Einwilligung',
  },
  {
    field: 'retentionMailContents',
    label: 'Inhalte versandter E-Mails',
    hint: 'Adresse und Inhalt, ab dem Versand; Versandstatus bleibt',
  },
  {
    field: 'retentionAudit',
    label: 'Protokoll der Zugriffe (Audit)',
    hint: 'Mindestens 365 Tage (12 Monate, 1 Jahr)',
  },
];

/** The German labels of the form's fields, in its order (summary, and the API's field names). */
const LABELS: Record<string, string> = {
  name: 'Name der Jugendberufsagentur',
  municipality: 'Wohnort der Zielgruppe',
  federalState: 'Bundesland',
  ageLimit: 'Altersgrenze',
  ...Object.fromEntries(DURATION_FIELDS.map((d) => [d.field, d.label])),
  maxReferralBackdatingDays: 'Fallmeldung höchstens … Tage rückwirkend',
  minorsMayConsentAlone: 'Einwilligung durch 15–17-Jährige',
  protocolPdfAttachment: 'Protokoll als PDF-Anhang',
  ...Object.fromEntries(RETENTION_FIELDS.map((r) => [r.field, `Löschfrist: ${r.label}`])),
};

interface Values {
  name: string;
  municipality: string;
  federalState: FederalState | '';
  ageLimit: string;
  backdating: string;
  pdfAttachment: boolean;
  minorsAlone: boolean;
  durations: Record<DurationField, Amount<DurationUnit>>;
  periods: Record<RetentionField, Amount<PeriodUnit>>;
}

function valuesOf(s: JbaSettings): Values {
  return {
    name: s.name,
    municipality: s.municipality,
    federalState: s.federalState ?? '',
    ageLimit: String(s.ageLimit),
    backdating: String(s.maxReferralBackdatingDays),
    pdfAttachment: s.protocolPdfAttachment,
    minorsAlone: s.minorsMayConsentAlone,
    durations: Object.fromEntries(
      DURATION_FIELDS.map(({ field }) => [field, durationToAmount(s[field])]),
    ) as Values['durations'],
    periods: Object.fromEntries(
      RETENTION_FIELDS.map(({ field }) => [field, periodToAmount(s[field] ?? '')]),
    ) as Values['periods'],
  };
}

const AMOUNT_MESSAGE = `Bitte geben Sie eine ganze Zahl von 1 bis ${MAX_AMOUNT} ein.`;

/** What the form finds wrong before sending (the API checks again, e.g. reminder < deadline). */
function validate(v: Values): FieldError[] {
  return failures([
    ['name', check.filled(v.name)],
    ['municipality', check.filled(v.municipality)],
    ['ageLimit', check.wholeNumber(v.ageLimit, 16, 35)],
    ...DURATION_FIELDS.map(({ field }): [string, string | null] => [
      field,
      amountToDuration(v.durations[field]) ? null : AMOUNT_MESSAGE,
    ]),
    ['maxReferralBackdatingDays', check.wholeNumber(v.backdating, 0, 365)],
    ...RETENTION_FIELDS.map(({ field }): [string, string | null] => [
      field,
      amountToPeriod(v.periods[field]) ? null : AMOUNT_MESSAGE,
    ]),
  ]);
}

function changesOf(v: Values): JbaSettingsChanges {
  const durations = Object.fromEntries(
    DURATION_FIELDS.map(({ field }) => [field, amountToDuration(v.durations[field]) ?? '']),
  );
  const periods = Object.fromEntries(
    RETENTION_FIELDS.map(({ field }) => [field, amountToPeriod(v.periods[field]) ?? '']),
  );
  return {
    name: v.name.trim(),
    municipality: v.municipality.trim(),
    federalState: v.federalState || null,
    ageLimit: Number(v.ageLimit),
    maxReferralBackdatingDays: Number(v.backdating),
    protocolPdfAttachment: v.pdfAttachment,
    minorsMayConsentAlone: v.minorsAlone,
    ...durations,
    ...periods,
  };
}

/** Einstellungen: the JBA's target group and the timings of its processes. */
export function SettingsPage() {
  useDocumentTitle('Einstellungen');
  const settings = useResource('jba-settings', (signal) => api.jbaSettings(signal));
  return (
    <>
      <div className="page-heading">
        <h1>Einstellungen</h1>
        {settings.data && <p className="muted">{settings.data.name}</p>}
      </div>
      <ErrorMessage error={settings.error} />
      {!settings.data && settings.loading && <Loading />}
      {settings.data && (
        <SettingsForm key={JSON.stringify(settings.data)} settings={settings.data} />
      )}
    </>
  );
}

const NEW_CASES_ONLY =
  'Geänderte Fristen gelten für neu gemeldete Fälle; laufende Fälle behalten ihre Fristen.';

function SettingsForm({ settings }: { settings: JbaSettings }) {
  const [values, setValues] = useState<Values>(() => valuesOf(settings));
  const problems = useFormProblems();
  const [clientErrors, setClientErrors] = useState<FieldError[]>([]);
  const [attempts, setAttempts] = useState(0);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const readOnly = !settings.editable;
  const id = (field: string) => fieldId('settings', field);
  const errors = (clientErrors.length ? clientErrors : problems.fieldErrors).map((e) => ({
    ...e,
    messages: e.messages.map(settingsMessage),
  }));
  const err = (field: string) =>
    errors
      .filter((e) => e.field === field)
      .flatMap((e) => e.messages)
      .join(' ') || undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    problems.clear();
    const found = validate(values);
    setClientErrors(found);
    if (found.length) {
      setAttempts((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      const next = await api.updateJbaSettings(changesOf(values));
      setValues(valuesOf(next));
      setSaved(true);
    } catch (reason) {
      problems.show(toApiError(reason));
      setAttempts((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  const text = (field: 'name' | 'municipality', size: number) => (
    <Field id={id(field)} label={LABELS[field]} required error={err(field)}>
      {(control) => (
        <input
          {...control}
          type="text"
          maxLength={size}
          readOnly={readOnly}
          value={values[field]}
          onChange={(e) => setValues((v) => ({ ...v, [field]: e.target.value }))}
        />
      )}
    </Field>
  );

  const wholeNumber = (field: 'ageLimit' | 'backdating', apiField: string, hint: string) => (
    <Field id={id(apiField)} label={LABELS[apiField]} required hint={hint} error={err(apiField)}>
      {(control) => (
        <input
          {...control}
          type="text"
          inputMode="numeric"
          className="amount-input"
          readOnly={readOnly}
          value={values[field]}
          onChange={(e) => setValues((v) => ({ ...v, [field]: e.target.value }))}
        />
      )}
    </Field>
  );

  return (
    <section className="card settings" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Zielgruppe und Fristen</h2>
      {readOnly && (
        <p className="muted">
          Die Einstellungen ändert die Administration der koordinierenden Stelle.
        </p>
      )}
      {saved && <Notice tone="success">Gespeichert. {NEW_CASES_ONLY}</Notice>}
      <form id="settings-form" onSubmit={(e) => void submit(e)} noValidate>
        <FieldErrors items={summaryItems(errors, LABELS, id)} focusKey={attempts} />
        <ErrorMessage error={problems.error} />
        <div className="form-grid">
          {text('name', 200)}
          {text('municipality', 100)}
          <Field
            id={id('federalState')}
            label={LABELS.federalState}
            hint="Für die Feiertage, auf die keine Konferenztermine fallen sollen"
            error={err('federalState')}
          >
            {(control) => (
              <select
                {...control}
                disabled={readOnly}
                value={values.federalState}
                onChange={(e) =>
                  setValues((v) => ({ ...v, federalState: e.target.value as FederalState | '' }))
                }
              >
                <option value="">nur bundesweite Feiertage</option>
                {settings.federalStateOptions.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {wholeNumber(
            'ageLimit',
            'ageLimit',
            'Jünger als dieses Alter am Tag der Fallmeldung (16–35)',
          )}
          {wholeNumber(
            'backdating',
            'maxReferralBackdatingDays',
            'So weit darf das Datum einer Fallmeldung zurückliegen (0–365 Tage)',
          )}
        </div>
        <fieldset className="settings__group" aria-describedby="settings-new-cases-only">
          <legend>Fristen</legend>
          <p className="alert alert-info" id="settings-new-cases-only">
            {NEW_CASES_ONLY}
          </p>
          <div className="form-grid">
            {DURATION_FIELDS.map(({ field, label, hint }) => (
              <AmountField
                key={field}
                id={id(field)}
                label={label}
                hint={hint}
                error={err(field)}
                readOnly={readOnly}
                value={values.durations[field]}
                units={DURATION_UNITS}
                onChange={(amount) =>
                  setValues((v) => ({ ...v, durations: { ...v.durations, [field]: amount } }))
                }
              />
            ))}
          </div>
        </fieldset>
        <Checkbox
          id={id('minorsMayConsentAlone')}
          label="15–17-Jährige mit bestätigter Einsichtsfähigkeit dürfen allein einwilligen"
          hint="Sonst unterschreiben für Minderjährige die Erziehungsberechtigten (Eschweiler Konzept). Gilt für Einwilligungen, die ab jetzt erfasst werden."
          checked={values.minorsAlone}
          onChange={(checked) => !readOnly && setValues((v) => ({ ...v, minorsAlone: checked }))}
          error={err('minorsMayConsentAlone')}
        />
        <Checkbox
          id={id('protocolPdfAttachment')}
          label="Protokoll als PDF-Anhang versenden (sonst nur Link nach Anmeldung)"
          hint="Ohne Anhang enthält die E-Mail keine Falldaten, nur den Link zum Fall."
          checked={values.pdfAttachment}
          onChange={(checked) => !readOnly && setValues((v) => ({ ...v, pdfAttachment: checked }))}
          error={err('protocolPdfAttachment')}
        />
        <fieldset className="retention-periods settings__group">
          <legend>Löschfristen</legend>
          <p className="muted">
            Nach Ablauf löscht der tägliche Löschlauf die personenbezogenen Daten (junger Mensch,
            Einwilligungen, Protokolle, E-Mails, Verlauf); es bleibt nur eine anonyme Zählung für
            die Statistik. Die Fristen zählen ab dem Ende des Falls, bei E-Mails ab dem Versand.
            Geänderte Löschfristen gelten beim nächsten Löschlauf für alle beendeten Fälle. Offene
            Fälle werden nie gelöscht.
          </p>
          <div className="form-grid">
            {RETENTION_FIELDS.map(({ field, label, hint }) => (
              <AmountField
                key={field}
                id={id(field)}
                label={label}
                hint={hint}
                error={err(field)}
                readOnly={readOnly}
                value={values.periods[field]}
                units={PERIOD_UNITS}
                onChange={(amount) =>
                  setValues((v) => ({ ...v, periods: { ...v.periods, [field]: amount } }))
                }
              />
            ))}
          </div>
        </fieldset>
        {!readOnly && (
          <div className="form-actions">
            <button type="submit" className="button-primary" disabled={busy}>
              Speichern
            </button>
          </div>
        )}
      </form>
    </section>
  );
}

interface AmountFieldProps<U extends string> {
  id: string;
  label: string;
  hint: string;
  error?: string;
  readOnly: boolean;
  value: Amount<U>;
  units: Record<U, { one: string; many: string }>;
  onChange: (value: Amount<U>) => void;
}

/** A duration as number and unit ("14" "Tage"); the label names the number, the unit its own. */
function AmountField<U extends string>({
  id,
  label,
  hint,
  error,
  readOnly,
  value,
  units,
  onChange,
}: AmountFieldProps<U>) {
  return (
    <Field id={id} label={label} required hint={hint} error={error}>
      {(control) => (
        <span className="period-input">
          <input
            {...control}
            type="text"
            inputMode="numeric"
            className="amount-input"
            readOnly={readOnly}
            value={value.amount}
            onChange={(e) => onChange({ ...value, amount: e.target.value })}
          />
          <select
            id={`${id}-unit`}
            aria-label={`Einheit: ${label}`}
            disabled={readOnly}
            value={value.unit}
            onChange={(e) => onChange({ ...value, unit: e.target.value as U })}
          >
            {(Object.keys(units) as U[]).map((u) => (
              <option key={u} value={u}>
                {units[u].many}
              </option>
            ))}
          </select>
        </span>
      )}
    </Field>
  );
}
