import type { ReactNode } from 'react';
import type { FieldError } from '../api';

/**
 * Building blocks of the hand-written forms (referral, consent): label, hint and the server's
 * error message of one field, tied together with `aria-describedby`. The id of a field's input
 * (or group) is `<prefix>-<field path with dashes>`, the same id the error summary links to.
 */

export function fieldId(prefix: string, field: string): string {
  return `${prefix}-${field.replace(/\./g, '-')}`;
}

/** All messages the server reported for one field, as one sentence ('' for none). */
export function messagesOf(errors: FieldError[], field: string): string {
  return errors
    .filter((e) => e.field === field)
    .flatMap((e) => e.messages)
    .join(' ');
}

/** The errors below `prefix.` (e.g. `consent.`), with the prefix removed. */
export function errorsBelow(errors: FieldError[], prefix: string): FieldError[] {
  return errors
    .filter((e) => e.field.startsWith(`${prefix}.`))
    .map((e) => ({ ...e, field: e.field.slice(prefix.length + 1) }));
}

/**
 * The form's own checks before it is sent (no browser bubbles: forms are `noValidate`). Each
 * returns the German message for a failing value, or null; `failures` collects them as the
 * server names its errors, so that one summary shows both alike.
 */
export const check = {
  filled: (value: string): string | null =>
    value.trim() ? null : 'Bitte füllen Sie dieses Feld aus.',
  chosen: (value: string | null | undefined): string | null =>
    value ? null : 'Bitte wählen Sie eine Option.',
  minLength: (value: string, min: number): string | null =>
    value.length === 0 || value.length >= min
      ? null
      : `Bitte geben Sie mindestens ${min} Zeichen ein.`,
  wholeNumber: (value: string, min: number, max: number): string | null => {
    const v = value.trim();
    const n = Number(v);
    return /^-?\d+$/.test(v) && n >= min && n <= max
      ? null
      : `Bitte geben Sie eine ganze Zahl von ${min} bis ${max} ein.`;
  },
  /** A date as the date input gives it (yyyy-mm-dd); `required` when it must be there. */
  date: (value: string, required = false): string | null =>
    !value
      ? required
        ? 'Bitte geben Sie ein Datum ein (TT.MM.JJJJ).'
        : null
      : /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? null
        : 'Bitte geben Sie ein gültiges Datum ein (TT.MM.JJJJ).',
};

/** The failing checks as field errors: `[field, message or null]` pairs. */
export function failures(checks: Array<[string, string | null | false | undefined]>): FieldError[] {
  return checks
    .filter((c): c is [string, string] => Boolean(c[1]))
    .map(([field, message]) => ({ field, messages: [message] }));
}

/** The visible "*" of a required field; screen readers hear `required` instead. */
export function RequiredMark() {
  return (
    <span className="required-mark" aria-hidden="true">
      *
    </span>
  );
}

function describedBy(id: string, error: string | undefined, hint: ReactNode): string | undefined {
  return (
    [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined
  );
}

/** The hint under a field; `aria-describedby` points at it. */
function FieldHint({ id, hint }: { id: string; hint: ReactNode }) {
  return hint ? (
    <p className="field__hint" id={`${id}-hint`}>
      {hint}
    </p>
  ) : null;
}

/** The server's message for a field; `aria-describedby` points at it. */
function FieldMessage({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p className="field__error" id={`${id}-error`}>
      {error}
    </p>
  ) : null;
}

/** What a field passes on to its input. */
export interface ControlProps {
  id: string;
  required?: boolean;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

interface FieldProps {
  /** id of the input. */
  id: string;
  label: string;
  required?: boolean;
  hint?: ReactNode;
  /** The server's messages for this field. */
  error?: string;
  className?: string;
  /** The input, given its id and aria attributes. */
  children: (control: ControlProps) => ReactNode;
}

/** A labelled input (text, date, textarea …) with hint and error. */
export function Field({ id, label, required, hint, error, className, children }: FieldProps) {
  return (
    <div className={className ? `field ${className}` : 'field'}>
      {/* The mark stays outside the <label>: its text is exactly the field's name. */}
      <div className="field__label">
        <label htmlFor={id}>{label}</label>
        {required && <RequiredMark />}
      </div>
      {children({
        id,
        required,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy(id, error, hint),
      })}
      <FieldHint id={id} hint={hint} />
      <FieldMessage id={id} error={error} />
    </div>
  );
}

interface CheckboxProps {
  id: string;
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: ReactNode;
  error?: string;
  /** Further elements the checkbox controls (`aria-controls`). */
  controls?: string;
}

/** One checkbox with its label to the right. */
export function Checkbox({ id, label, checked, onChange, hint, error, controls }: CheckboxProps) {
  return (
    <div className="choice">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        aria-controls={controls}
      />
      <div className="choice__text">
        <label htmlFor={id}>{label}</label>
        <FieldHint id={id} hint={hint} />
        <FieldMessage id={id} error={error} />
      </div>
    </div>
  );
}

interface ChoiceGroupProps {
  /** id of the fieldset; focusable, so that the error summary can jump to it. */
  id: string;
  legend: string;
  required?: boolean;
  hint?: ReactNode;
  error?: string;
  className?: string;
  children: ReactNode;
}

/** Radio buttons or checkboxes under one legend. */
export function ChoiceGroup({
  id,
  legend,
  required,
  hint,
  error,
  className,
  children,
}: ChoiceGroupProps) {
  return (
    <fieldset
      id={id}
      tabIndex={-1}
      className={className ? `choice-group ${className}` : 'choice-group'}
      aria-describedby={describedBy(id, error, hint)}
    >
      <legend>
        {legend}
        {required && (
          <>
            {' '}
            <RequiredMark />
          </>
        )}
      </legend>
      <FieldHint id={id} hint={hint} />
      <div className="choice-list">{children}</div>
      <FieldMessage id={id} error={error} />
    </fieldset>
  );
}

interface RadioProps {
  id: string;
  name: string;
  value: string;
  label: ReactNode;
  checked: boolean;
  onChange: (value: string) => void;
  required?: boolean;
}

/** One radio button of a `ChoiceGroup`. */
export function Radio({ id, name, value, label, checked, onChange, required }: RadioProps) {
  return (
    <div className="choice">
      <input
        id={id}
        type="radio"
        name={name}
        value={value}
        checked={checked}
        required={required}
        onChange={(event) => onChange(event.target.value)}
      />
      <div className="choice__text">
        <label htmlFor={id}>{label}</label>
      </div>
    </div>
  );
}
