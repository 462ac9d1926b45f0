import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { Conference, ConferenceKind, ConferencePlan, FieldError, Option } from '../api';
import {
  addDays,
  berlinTimeExists,
  daysBetween,
  formatDate,
  plural,
  toBerlinIso,
  toBerlinLocal,
} from '../format';
import { conferenceApi } from '../conferenceApi';
import type { ConferenceWarning } from '../conferenceApi';
import { FieldErrors } from './FieldErrors';
import '../styles/conference.css';

/** What the form holds: the inputs' strings, local date and time in Germany. */
export interface ConferenceFormValues {
  kind: ConferenceKind;
  date: string;
  time: string;
  durationMinutes: string;
  place: string;
  capacity: string;
  deadlineDate: string;
  deadlineTime: string;
}

export const KIND_OPTIONS: Option[] = [
  { value: 'regular', label: 'regulär' },
  { value: 'extraordinary', label: 'außerordentlich' },
];

/** Meldeschluss by default: 14 days before the conference, at noon. */
const DEFAULT_DEADLINE_DAYS = 14;
const DEFAULT_DEADLINE_TIME = '12:00';

export const EMPTY_PLAN: ConferenceFormValues = {
  kind: 'regular',
  date: '',
  time: '',
  durationMinutes: '120',
  place: '',
  capacity: '6',
  deadlineDate: '',
  deadlineTime: DEFAULT_DEADLINE_TIME,
};

function minutesBetween(start: string, end: string): number | null {
  const ms = Date.parse(end) - Date.parse(start);
  return Number.isFinite(ms) ? Math.round(ms / 60_000) : null;
}

/** A conference as the form's values (to reschedule it). */
export function conferenceValues(conference: Conference): ConferenceFormValues {
  const start = toBerlinLocal(conference.startsAt);
  const deadline = toBerlinLocal(conference.referralDeadline);
  const duration = minutesBetween(conference.startsAt, conference.endsAt);
  return {
    kind: conference.kind,
    date: start?.date ?? '',
    time: start?.time ?? '',
    durationMinutes: duration === null ? '' : String(duration),
    place: conference.place,
    capacity: String(conference.capacity),
    deadlineDate: deadline?.date ?? '',
    deadlineTime: deadline?.time ?? '',
  };
}

function toNumber(value: string): number | undefined {
  const text = value.trim();
  if (!text) return undefined;
  const number = Number(text);
  return Number.isFinite(number) ? number : undefined;
}

/**
 * The values as request fields: ISO timestamps with the offset of Europe/Berlin on that date
 * ("2027-03-10T14:00:00+01:00"); left out when incomplete (the server names what is missing).
 */
export function toConferencePlan(values: ConferenceFormValues): ConferencePlan {
  return {
    kind: values.kind,
    startsAt: toBerlinIso(values.date, values.time) ?? undefined,
    durationMinutes: toNumber(values.durationMinutes),
    place: values.place.trim(),
    capacity: toNumber(values.capacity),
    referralDeadline: toBerlinIso(values.deadlineDate, values.deadlineTime) ?? undefined,
  };
}

/** The request fields (as the server names them in errors) and their labels. */
const FIELD_LABELS: Record<string, string> = {
  kind: 'Art',
  startsAt: 'Datum und Beginn',
  durationMinutes: 'Dauer (Minuten)',
  place: 'Ort',
  capacity: 'Plätze',
  referralDeadline: 'Meldeschluss',
};

/** Errors for times that do not exist in Germany (clocks going forward in March). */
function clientErrors(values: ConferenceFormValues): FieldError[] {
  const errors: FieldError[] = [];
  const check = (field: string, date: string, time: string) => {
    if (date && time && toBerlinIso(date, time) && !berlinTimeExists(date, time)) {
      errors.push({
        field,
        messages: [
          `${time} Uhr gibt es am ${formatDate(date)} wegen der Umstellung auf Sommerzeit nicht.`,
        ],
      });
    }
  };
  check('startsAt', values.date, values.time);
  check('referralDeadline', values.deadlineDate, values.deadlineTime);
  return errors;
}

function gapText(days: number): string {
  if (days === 0) return 'am selben Tag';
  return days > 0
    ? `${plural(days, 'Tag', 'Tage')} vorher`
    : `${plural(-days, 'Tag', 'Tage')} danach`;
}

interface ConferenceFormProps {
  /** id of the <form>. */
  id: string;
  /** Prefix of the inputs' ids. */
  idPrefix: string;
  initial: ConferenceFormValues;
  /** Whether the form asks for the kind (regulär/außerordentlich): only when planning. */
  withKind?: boolean;
  submitLabel: string;
  busy: boolean;
  /** The server's field errors of the last attempt. */
  errors: FieldError[];
  onSubmit: (values: ConferenceFormValues) => void;
  /** Shown above the fields (e.g. a 409 message). */
  children?: ReactNode;
  /** The date being changed (left out of the "same time and place" warning). */
  conferenceId?: string;
  /** The button that saves despite warnings ("Trotzdem planen"). */
  confirmLabel: string;
}

/** Whether the date's time or place differ from the form's start (only then it is checked). */
function dateChanged(values: ConferenceFormValues, initial: ConferenceFormValues): boolean {
  return (
    !initial.date ||
    values.date !== initial.date ||
    values.time !== initial.time ||
    values.durationMinutes !== initial.durationMinutes ||
    values.place.trim() !== initial.place.trim()
  );
}

/**
 * Date, time, duration, place, capacity and Meldeschluss of a conference. As long as nobody
 * changes the Meldeschluss by hand, it follows the date: 14 days before when planning, the same
 * distance as before when rescheduling.
 */
export function ConferenceForm({
  id,
  idPrefix,
  initial,
  withKind = false,
  submitLabel,
  busy,
  errors,
  onSubmit,
  children,
  conferenceId,
  confirmLabel,
}: ConferenceFormProps) {
  const [values, setValues] = useState(initial);
  /** Warnings on the values of the last attempt (weekend, holiday, same time and place). */
  const [warned, setWarned] = useState<{ key: string; warnings: ConferenceWarning[] } | null>(null);
  const [checking, setChecking] = useState(false);
  const [deadlineTouched, setDeadlineTouched] = useState(false);
  const [localErrors, setLocalErrors] = useState<FieldError[]>([]);
  const initialGap =
    initial.date && initial.deadlineDate ? daysBetween(initial.deadlineDate, initial.date) : null;
  const gapDays = initialGap ?? DEFAULT_DEADLINE_DAYS;

  const shown = localErrors.length ? localErrors : errors;
  const messages = (field: string) =>
    shown
      .filter((e) => e.field === field)
      .flatMap((e) => e.messages)
      .join(' ');
  const unknown = shown
    .filter((e) => !(e.field in FIELD_LABELS))
    .map((e) => ({ field: e.field, messages: e.messages }));

  function set<K extends keyof ConferenceFormValues>(key: K, value: ConferenceFormValues[K]) {
    setValues((current) => ({ ...current, [key]: value }));
  }

  function setDate(date: string) {
    setValues((current) => {
      const next = { ...current, date };
      if (!deadlineTouched && date) {
        next.deadlineDate = addDays(date, -gapDays) || current.deadlineDate;
      }
      return next;
    });
  }

  function setDeadline(key: 'deadlineDate' | 'deadlineTime', value: string) {
    setDeadlineTouched(true);
    set(key, value);
  }

  const valuesKey = JSON.stringify(values);
  const warnings = warned && warned.key === valuesKey ? warned.warnings : null;

  /** Asks the server for warnings on the date; none, or a failed check, saves at once. */
  async function checkAndSubmit() {
    const plan = toConferencePlan(values);
    if (plan.startsAt && dateChanged(values, initial)) {
      setChecking(true);
      try {
        const check = await conferenceApi.checkDate({
          startsAt: plan.startsAt,
          durationMinutes: plan.durationMinutes,
          place: plan.place || undefined,
          conferenceId,
        });
        if (check.warnings.length) {
          setWarned({ key: valuesKey, warnings: check.warnings });
          return;
        }
      } catch {
        // The check only warns; saving validates the date itself.
      } finally {
        setChecking(false);
      }
    }
    setWarned(null);
    onSubmit(values);
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy || checking) return;
    const problems = clientErrors(values);
    setLocalErrors(problems);
    if (problems.length) return;
    // Confirmed warnings: the same values are saved without asking again.
    if (warnings) {
      setWarned(null);
      onSubmit(values);
      return;
    }
    void checkAndSubmit();
  }

  /** aria props of an input whose field may have an error. */
  const described = (field: string, hint?: string) => {
    const ids = [messages(field) ? `${idPrefix}-${field}-error` : '', hint ?? '']
      .filter(Boolean)
      .join(' ');
    return {
      'aria-invalid': messages(field) ? true : undefined,
      'aria-describedby': ids || undefined,
    };
  };

  const errorText = (field: string) =>
    messages(field) ? (
      <p className="field__error" id={`${idPrefix}-${field}-error`}>
        {messages(field)}
      </p>
    ) : null;

  return (
    <form id={id} className="conference-form" onSubmit={handleSubmit} noValidate>
      {children}
      <div className="form-grid">
        {withKind && (
          <div className="field">
            <label htmlFor={`${idPrefix}-kind`}>Art</label>
            <select
              id={`${idPrefix}-kind`}
              name="kind"
              value={values.kind}
              onChange={(event) => set('kind', event.target.value as ConferenceKind)}
              {...described('kind')}
            >
              {KIND_OPTIONS.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
            {errorText('kind')}
          </div>
        )}
        <div className="field">
          <label htmlFor={`${idPrefix}-date`}>Datum</label>
          <input
            id={`${idPrefix}-date`}
            name="date"
            type="date"
            required
            value={values.date}
            onChange={(event) => setDate(event.target.value)}
            {...described('startsAt')}
          />
          {errorText('startsAt')}
        </div>
        <div className="field">
          <label htmlFor={`${idPrefix}-time`}>Beginn</label>
          <input
            id={`${idPrefix}-time`}
            name="time"
            type="time"
            required
            value={values.time}
            onChange={(event) => set('time', event.target.value)}
            {...described('startsAt')}
          />
        </div>
        <div className="field">
          <label htmlFor={`${idPrefix}-duration`}>Dauer (Minuten)</label>
          <input
            id={`${idPrefix}-duration`}
            name="durationMinutes"
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            required
            value={values.durationMinutes}
            onChange={(event) => set('durationMinutes', event.target.value)}
            {...described('durationMinutes')}
          />
          {errorText('durationMinutes')}
        </div>
        <div className="field form-grid__wide">
          <label htmlFor={`${idPrefix}-place`}>Ort</label>
          <input
            id={`${idPrefix}-place`}
            name="place"
            type="text"
            required
            value={values.place}
            onChange={(event) => set('place', event.target.value)}
            {...described('place')}
          />
          {errorText('place')}
        </div>
        <div className="field">
          <label htmlFor={`${idPrefix}-capacity`}>Plätze</label>
          <input
            id={`${idPrefix}-capacity`}
            name="capacity"
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            required
            value={values.capacity}
            onChange={(event) => set('capacity', event.target.value)}
            {...described('capacity', `${idPrefix}-capacity-hint`)}
          />
          <p className="field__hint" id={`${idPrefix}-capacity-hint`}>
            Fälle, die besprochen werden können
          </p>
          {errorText('capacity')}
        </div>
        <div className="field">
          <label htmlFor={`${idPrefix}-deadline-date`}>Meldeschluss (Datum)</label>
          <input
            id={`${idPrefix}-deadline-date`}
            name="deadlineDate"
            type="date"
            required
            value={values.deadlineDate}
            onChange={(event) => setDeadline('deadlineDate', event.target.value)}
            {...described('referralDeadline', `${idPrefix}-deadline-hint`)}
          />
          {errorText('referralDeadline')}
        </div>
        <div className="field">
          <label htmlFor={`${idPrefix}-deadline-time`}>Meldeschluss (Uhrzeit)</label>
          <input
            id={`${idPrefix}-deadline-time`}
            name="deadlineTime"
            type="time"
            required
            value={values.deadlineTime}
            onChange={(event) => setDeadline('deadlineTime', event.target.value)}
            {...described('referralDeadline', `${idPrefix}-deadline-hint`)}
          />
        </div>
      </div>
      <p className="field__hint" id={`${idPrefix}-deadline-hint`}>
        {deadlineTouched
          ? 'Bis zum Meldeschluss gemeldete Fälle kommen auf die Tagesordnung.'
          : `Der Meldeschluss folgt dem Datum (${gapText(gapDays)}), solange Sie ihn nicht selbst ändern.`}
      </p>
      <FieldErrors items={unknown} />
      {warnings ? (
        <div
          className="alert alert-warning conference-warnings"
          role="alert"
          aria-labelledby={`${idPrefix}-warnings-heading`}
        >
          <h3 id={`${idPrefix}-warnings-heading`}>Bitte prüfen Sie den Termin</h3>
          <ul>
            {warnings.map((w) => (
              <li key={w.code}>{w.message}</li>
            ))}
          </ul>
          <p>Sie können den Termin trotzdem speichern oder Datum und Ort ändern.</p>
          <div className="form-actions">
            <button type="submit" className="button-primary" disabled={busy}>
              {confirmLabel}
            </button>
            <button
              type="button"
              className="button-secondary"
              onClick={() => {
                setWarned(null);
                document.getElementById(`${idPrefix}-date`)?.focus();
              }}
            >
              Datum ändern
            </button>
          </div>
        </div>
      ) : (
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={busy || checking}>
            {submitLabel}
          </button>
        </div>
      )}
    </form>
  );
}
