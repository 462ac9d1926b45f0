import { useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../api';
import type { JbaSettings } from '../api';
import { Checkbox, Field, fieldId, messagesOf } from '../components/FormFields';
import { ErrorMessage, Loading, Notice } from '../components/Status';
import { toApiError, useDocumentTitle, useResource, useFormProblems } from '../hooks';

/** A duration as staff write it: whole days as a number, anything else as ISO-8601. */
function toInput(iso: string): string {
  const days = /^P(\d+)D$/.exec(iso);
  return days ? days[1] : iso;
}

function fromInput(value: string): string {
  const v = value.trim();
  return /^\d+$/.test(v) ? `P${Number(v)}D` : v.toUpperCase();
}

type Values = Record<
  | 'name'
  | 'municipality'
  | 'ageLimit'
  | 'reminder'
  | 'deadline'
  | 'leadTime'
  | 'escalation'
  | 'backdating',
  string
> & { pdfAttachment: boolean; minorsAlone: boolean };

function valuesOf(s: JbaSettings): Values {
  return {
    name: s.name,
    municipality: s.municipality,
    ageLimit: String(s.ageLimit),
    reminder: toInput(s.consentReminderInterval),
    deadline: toInput(s.consentDeadline),
    leadTime: toInput(s.callForReferralsLeadTime),
    escalation: toInput(s.followUpEscalationDelay),
    pdfAttachment: s.protocolPdfAttachment,
    backdating: String(s.maxReferralBackdatingDays),
    minorsAlone: s.minorsMayConsentAlone,
  };
}

type Unit = 'D' | 'M' | 'Y';
type RetentionField =
  | 'retentionEndedWithoutCase'
  | 'retentionClosed'
  | 'retentionAfterRevocation'
  | 'retentionMailContents'
  | 'retentionAudit';
type Periods = Record<RetentionField, { amount: string; unit: Unit }>;

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
    hint: 'Mindestens 365 Tage',
  },
];

const UNIT_LABELS: Record<Unit, string> = { D: 'Tage', M: 'Monate', Y: 'Jahre' };

function periodsOf(s: JbaSettings): Periods {
  const out = {} as Periods;
  for (const { field } of RETENTION_FIELDS) {
    const m = /^P(\d+)([DMY])$/.exec(s[field] ?? '');
    out[field] = m ? { amount: m[1], unit: m[2] as Unit } : { amount: '', unit: 'D' };
  }
  return out;
}

const periodOf = (p: { amount: string; unit: Unit }) => `P${p.amount.trim()}${p.unit}`;

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

function SettingsForm({ settings }: { settings: JbaSettings }) {
  const [values, setValues] = useState<Values>(() => valuesOf(settings));
  const [periods, setPeriods] = useState<Periods>(() => periodsOf(settings));
  const problems = useFormProblems();
  const { error, fieldErrors } = problems;
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const readOnly = !settings.editable;
  const id = (field: string) => fieldId('settings', field);
  const err = (field: string) => messagesOf(fieldErrors, field) || undefined;
  const set = (field: Exclude<keyof Values, 'pdfAttachment' | 'minorsAlone'>) => (value: string) =>
    setValues((v) => ({ ...v, [field]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setSaved(false);
    problems.clear();
    try {
      const next = await api.updateJbaSettings({
        name: values.name.trim(),
        municipality: values.municipality.trim(),
        ageLimit: Number(values.ageLimit),
        consentReminderInterval: fromInput(values.reminder),
        consentDeadline: fromInput(values.deadline),
        callForReferralsLeadTime: fromInput(values.leadTime),
        followUpEscalationDelay: fromInput(values.escalation),
        protocolPdfAttachment: values.pdfAttachment,
        maxReferralBackdatingDays: Number(values.backdating),
        minorsMayConsentAlone: values.minorsAlone,
        retentionEndedWithoutCase: periodOf(periods.retentionEndedWithoutCase),
        retentionClosed: periodOf(periods.retentionClosed),
        retentionAfterRevocation: periodOf(periods.retentionAfterRevocation),
        retentionMailContents: periodOf(periods.retentionMailContents),
        retentionAudit: periodOf(periods.retentionAudit),
      });
      setValues(valuesOf(next));
      setPeriods(periodsOf(next));
      setSaved(true);
    } catch (reason) {
      problems.show(toApiError(reason));
    } finally {
      setBusy(false);
    }
  }

  const text = (
    field: Exclude<keyof Values, 'pdfAttachment' | 'minorsAlone'>,
    label: string,
    apiField: string,
    hint?: string,
    size = 200,
  ) => (
    <Field id={id(apiField)} label={label} required hint={hint} error={err(apiField)}>
      {(control) => (
        <input
          {...control}
          type="text"
          maxLength={size}
          readOnly={readOnly}
          value={values[field]}
          onChange={(e) => set(field)(e.target.value)}
        />
      )}
    </Field>
  );
  const days = 'Tage (oder eine Dauer wie PT12H)';

  return (
    <section className="card" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Zielgruppe und Fristen</h2>
      {readOnly && (
        <p className="muted">
          Die Einstellungen ändert die Administration der koordinierenden Stelle.
        </p>
      )}
      {saved && (
        <Notice tone="success">
          Gespeichert. Neue Fristen gelten für Fallmeldungen und Termine ab jetzt.
        </Notice>
      )}
      <form id="settings-form" onSubmit={(e) => void submit(e)} noValidate>
        <ErrorMessage error={error} />
        <div className="form-grid">
          {text('name', 'Name der Jugendberufsagentur', 'name')}
          {text('municipality', 'Wohnort der Zielgruppe', 'municipality', undefined, 100)}
          <Field
            id={id('ageLimit')}
            label="Altersgrenze"
            required
            hint="Jünger als dieses Alter am Tag der Fallmeldung"
            error={err('ageLimit')}
          >
            {(control) => (
              <input
                {...control}
                type="number"
                min={16}
                max={35}
                readOnly={readOnly}
                value={values.ageLimit}
                onChange={(e) => set('ageLimit')(e.target.value)}
              />
            )}
          </Field>
          {text(
            'reminder',
            'Erinnerung an fehlende Einwilligung alle',
            'consentReminderInterval',
            days,
          )}
          {text('deadline', 'Frist für die Einwilligung', 'consentDeadline', days)}
          {text(
            'leadTime',
            'Aufruf zur Fallmeldung vor dem Termin',
            'callForReferralsLeadTime',
            days,
          )}
          {text(
            'escalation',
            'Überprüfung überfällig nach (Tagen)',
            'followUpEscalationDelay',
            'Danach geht eine nicht erledigte Überprüfung einer Maßnahme an die Koordination',
          )}
          <Field
            id={id('maxReferralBackdatingDays')}
            label="Fallmeldung höchstens … Tage rückwirkend"
            required
            hint="So weit darf das Datum einer Fallmeldung zurückliegen (0–365)"
            error={err('maxReferralBackdatingDays')}
          >
            {(control) => (
              <input
                {...control}
                type="number"
                min={0}
                max={365}
                readOnly={readOnly}
                value={values.backdating}
                onChange={(e) => set('backdating')(e.target.value)}
              />
            )}
          </Field>
        </div>
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
        <fieldset className="retention-periods">
          <legend>Löschfristen</legend>
          <p className="muted">
            Nach Ablauf löscht der tägliche Löschlauf die personenbezogenen Daten (junger Mensch,
            Einwilligungen, Protokolle, E-Mails, Verlauf); es bleibt nur eine anonyme Zählung für
            die Statistik. Die Fristen zählen ab dem Ende des Falls, bei E-Mails ab dem Versand.
            Offene Fälle werden nie gelöscht.
          </p>
          <div className="form-grid">
            {RETENTION_FIELDS.map(({ field, label, hint }) => (
              <Field
                key={field}
                id={id(field)}
                label={label}
                required
                hint={hint}
                error={err(field)}
              >
                {(control) => (
                  <span className="period-input">
                    <input
                      {...control}
                      type="number"
                      min={1}
                      max={9999}
                      readOnly={readOnly}
                      value={periods[field].amount}
                      onChange={(e) =>
                        setPeriods((p) => ({
                          ...p,
                          [field]: { ...p[field], amount: e.target.value },
                        }))
                      }
                    />
                    <select
                      aria-label={`Einheit: ${label}`}
                      disabled={readOnly}
                      value={periods[field].unit}
                      onChange={(e) =>
                        setPeriods((p) => ({
                          ...p,
                          [field]: { ...p[field], unit: e.target.value as Unit },
                        }))
                      }
                    >
                      {(Object.keys(UNIT_LABELS) as Unit[]).map((u) => (
                        <option key={u} value={u}>
                          {UNIT_LABELS[u]}
                        </option>
                      ))}
                    </select>
                  </span>
                )}
              </Field>
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
