import { useState } from 'react';
import type { FormEvent } from 'react';
import type { FieldError } from '../api';
import { FieldErrors, summaryItems } from '../components/FieldErrors';
import { ChoiceGroup } from '../components/FormFields';
import { ErrorMessage, Loading, Notice } from '../components/Status';
import { toApiError, useDocumentTitle, useFormProblems, useResource } from '../hooks';
import { notificationSettingsApi } from '../notificationSettingsApi';
import type { NotificationSettings, TaskNotificationDelivery } from '../notificationSettingsApi';
import '../styles/forms.css';
import '../styles/notification-settings.css';

/** The three choices, explained (German, Sie-form). */
const CHOICES: Array<{ value: TaskNotificationDelivery; label: string; hint: string }> = [
  {
    value: 'immediate',
    label: 'Sofort',
    hint:
      'Sie erhalten eine E-Mail, sobald eine neue Aufgabe für Ihre Gruppe bereitliegt oder Ihnen ' +
      'jemand eine Aufgabe zuweist, und eine Erinnerung, wenn eine Aufgabe bald fällig oder ' +
      'überfällig ist.',
  },
  {
    value: 'daily',
    label: 'Einmal täglich',
    hint:
      'Sie erhalten morgens ab 7 Uhr eine Übersicht mit den neuen und Ihnen zugewiesenen Aufgaben ' +
      'seit der letzten Übersicht und den bald fälligen oder überfälligen Aufgaben. An Tagen ohne ' +
      'Neuigkeiten kommt keine E-Mail.',
  },
  {
    value: 'off',
    label: 'Keine E-Mails',
    hint: 'Sie erhalten keine E-Mails zu Aufgaben. Ihre Aufgaben sehen Sie in der Aufgabenliste.',
  },
];

const LABELS: Record<string, string> = { taskNotifications: 'E-Mails zu Aufgaben' };
const FIELD_ID = 'notification-settings-taskNotifications';

/** Benachrichtigungen: when the signed-in staff member hears of tasks by mail. */
export function NotificationSettingsPage() {
  useDocumentTitle('Benachrichtigungen');
  const settings = useResource('notification-settings', (signal) =>
    notificationSettingsApi.get(signal),
  );
  return (
    <>
      <div className="page-heading">
        <h1>Benachrichtigungen</h1>
      </div>
      <ErrorMessage error={settings.error} />
      {!settings.data && settings.loading && <Loading />}
      {settings.data && (
        <NotificationSettingsForm key={JSON.stringify(settings.data)} settings={settings.data} />
      )}
    </>
  );
}

function NotificationSettingsForm({ settings }: { settings: NotificationSettings }) {
  const [value, setValue] = useState<TaskNotificationDelivery>(settings.taskNotifications);
  const [current, setCurrent] = useState<NotificationSettings>(settings);
  const problems = useFormProblems();
  const [attempts, setAttempts] = useState(0);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const errors: FieldError[] = problems.fieldErrors;
  const fieldError = errors
    .filter((e) => e.field === 'taskNotifications')
    .flatMap((e) => e.messages)
    .join(' ');

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    problems.clear();
    setBusy(true);
    try {
      const next = await notificationSettingsApi.update({ taskNotifications: value });
      setCurrent(next);
      setValue(next.taskNotifications);
      setSaved(true);
    } catch (reason) {
      problems.show(toApiError(reason));
      setAttempts((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="notification-settings-heading">
      <h2 id="notification-settings-heading">E-Mails zu Aufgaben</h2>
      <p>
        Lotse kann Sie per E-Mail auf Aufgaben hinweisen. Die E-Mails enthalten keine
        personenbezogenen Daten, nur den Namen der Aufgabe, das Aktenzeichen des Falls, die
        Fälligkeit und einen Link; die Einzelheiten sehen Sie nach der Anmeldung.
      </p>
      {!current.hasEmail && (
        <Notice tone="warning">
          Für Ihr Konto ist keine E-Mail-Adresse hinterlegt, deshalb erhalten Sie keine E-Mails.
          Bitte wenden Sie sich an die Administration Ihrer Institution.
        </Notice>
      )}
      {saved && (
        <Notice tone="success">
          Gespeichert: {CHOICES.find((c) => c.value === current.taskNotifications)?.label}.
        </Notice>
      )}
      <form id="notification-settings-form" onSubmit={(e) => void submit(e)} noValidate>
        <FieldErrors items={summaryItems(errors, LABELS, () => FIELD_ID)} focusKey={attempts} />
        <ErrorMessage error={problems.error} />
        <ChoiceGroup
          id={FIELD_ID}
          legend="Wann möchten Sie E-Mails zu Ihren Aufgaben erhalten?"
          error={fieldError || undefined}
          className="notification-settings__choices"
        >
          {CHOICES.map((c) => (
            <div className="choice notification-settings__choice" key={c.value}>
              <input
                type="radio"
                name="taskNotifications"
                id={`${FIELD_ID}-${c.value}`}
                value={c.value}
                checked={value === c.value}
                onChange={() => setValue(c.value)}
                aria-describedby={`${FIELD_ID}-${c.value}-hint`}
              />
              <div className="choice__text">
                <label htmlFor={`${FIELD_ID}-${c.value}`}>{c.label}</label>
                <p className="field__hint" id={`${FIELD_ID}-${c.value}-hint`}>
                  {c.hint}
                </p>
              </div>
            </div>
          ))}
        </ChoiceGroup>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={busy}>
            Speichern
          </button>
        </div>
      </form>
    </section>
  );
}
