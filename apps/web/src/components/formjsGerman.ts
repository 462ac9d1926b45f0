import flatpickr from 'flatpickr';
import { German } from 'flatpickr/dist/l10n/de.js';

/**
 * form-js (1.x) has no translations; its validation messages are English. This module wraps the
 * form's `validator` service so that both the inline messages and the ones we list read German.
 * A schema's own `patternErrorMessage` passes through unchanged.
 *
 * Its date fields use flatpickr with the browser's date format and flatpickr's English calendar;
 * `installGermanDatePicker()` makes every calendar German (month and weekday names, Monday first,
 * "TT.MM.JJJJ"), whatever language the browser speaks.
 */

/** What a date field shows while empty, and the format typed dates are read in. */
export const DATE_PLACEHOLDER = 'TT.MM.JJJJ';
const DATE_FORMAT = 'd.m.Y';

/** flatpickr's German locale, with the labels of the month and year controls it lacks. */
const GERMAN_CALENDAR = {
  ...German,
  firstDayOfWeek: 1,
  monthAriaLabel: 'Monat',
  yearAriaLabel: 'Jahr',
  hourAriaLabel: 'Stunde',
  minuteAriaLabel: 'Minute',
};

/**
 * A flatpickr plugin for form-js's date pickers: German dates ("02.12.2026") whatever the
 * browser's locale, the placeholder "TT.MM.JJJJ" and German names for the calendar's days.
 */
function germanDateFieldPlugin(instance: flatpickr.Instance) {
  if (!instance.config.noCalendar && !instance.config.enableTime) {
    instance.config.dateFormat = DATE_FORMAT;
  }
  instance.config.ariaDateFormat = 'l, j. F Y';
  return {
    onReady: [
      () => {
        const input = instance.input;
        if (input && !instance.config.noCalendar) {
          // Preact sets the placeholder once (it does not change), so it stays replaced.
          input.placeholder = DATE_PLACEHOLDER;
        }
      },
    ],
  };
}

let germanDatePicker = false;

/** Makes every flatpickr calendar German; idempotent, call it before rendering a form. */
export function installGermanDatePicker(): void {
  if (germanDatePicker) return;
  germanDatePicker = true;
  flatpickr.localize(GERMAN_CALENDAR);
  flatpickr.setDefaults({ locale: GERMAN_CALENDAR, plugins: [germanDateFieldPlugin] });
}

const REQUIRED = /^Field is required\.$/;

/** "Field is required." per field type: choosing asks to choose, a date asks for a date. */
const REQUIRED_BY_TYPE: Record<string, string> = {
  checklist: 'Bitte wählen Sie mindestens eine Option.',
  taglist: 'Bitte wählen Sie mindestens eine Option.',
  radio: 'Bitte wählen Sie eine Option.',
  select: 'Bitte wählen Sie eine Option.',
  checkbox: 'Bitte bestätigen Sie dies, indem Sie das Kästchen ankreuzen.',
  datetime: 'Bitte geben Sie ein Datum im Format TT.MM.JJJJ ein.',
};

const MESSAGES: [RegExp, string | ((...groups: string[]) => string)][] = [
  [/^Field is required\.$/, 'Bitte füllen Sie dieses Feld aus.'],
  [/^Field must match pattern .*\.$/s, 'Die Eingabe hat nicht das erwartete Format.'],
  [/^Field must have minimum value of (.+)\.$/, (min) => `Der Wert muss mindestens ${min} sein.`],
  [/^Field must have maximum value of (.+)\.$/, (max) => `Der Wert darf höchstens ${max} sein.`],
  [
    /^Field must have minimum length of (.+)\.$/,
    (min) => `Bitte geben Sie mindestens ${min} Zeichen ein.`,
  ],
  [
    /^Field must have maximum length of (.+)\.$/,
    (max) => `Bitte geben Sie höchstens ${max} Zeichen ein.`,
  ],
  [
    /^Field must be a valid\s+international phone number/,
    'Bitte geben Sie eine internationale Telefonnummer ein (z. B. +4930664040900).',
  ],
  [/^Field must be a valid email\.$/, 'Bitte geben Sie eine gültige E-Mail-Adresse ein.'],
  [/^Value is not a number\.$/, 'Bitte geben Sie eine Zahl ein.'],
  [/^Value is expected to be an integer\.$/, 'Bitte geben Sie eine ganze Zahl ein.'],
  [
    /^Value is expected to have at most (\d+) decimal digits?\.$/,
    (digits) => `Bitte geben Sie höchstens ${digits} Nachkommastellen ein.`,
  ],
  [
    /^Please select a valid value, the two nearest valid values are (.+) and (.+)\.$/,
    (lower, upper) => `Bitte wählen Sie einen gültigen Wert, z. B. ${lower} oder ${upper}.`,
  ],
];

/** form-js's English message in German; `fieldType` (form-js `type`) picks the wording. */
export function translateValidationMessage(message: string, fieldType?: string): string {
  if (fieldType && REQUIRED.test(message) && REQUIRED_BY_TYPE[fieldType]) {
    return REQUIRED_BY_TYPE[fieldType];
  }
  for (const [pattern, translation] of MESSAGES) {
    const match = pattern.exec(message);
    if (match) {
      return typeof translation === 'string' ? translation : translation(...match.slice(1));
    }
  }
  return message;
}

type Validate = (...args: unknown[]) => unknown;

interface ValidatorService {
  validateField?: Validate;
  validateFieldInstance?: Validate;
}

interface FieldRegistry {
  get?: (id: string) => { type?: string } | undefined;
}

function translateAll(result: unknown, fieldType: string | undefined): unknown {
  return Array.isArray(result)
    ? result.map((m) => (typeof m === 'string' ? translateValidationMessage(m, fieldType) : m))
    : result;
}

function GermanValidationMessages(validator: ValidatorService, registry: FieldRegistry) {
  /** The type of the field validated: `validateField(field)` or `validateFieldInstance({ id })`. */
  const typeOf = (name: string, subject: unknown): string | undefined => {
    const s = (subject ?? {}) as { type?: string; id?: string };
    if (name === 'validateField') return s.type;
    return s.id ? registry?.get?.(s.id)?.type : undefined;
  };
  for (const name of ['validateField', 'validateFieldInstance'] as const) {
    const original = validator[name];
    if (typeof original !== 'function') continue;
    validator[name] = (...args: unknown[]) =>
      translateAll(original.apply(validator, args), typeOf(name, args[0]));
  }
}
GermanValidationMessages.$inject = ['validator', 'formFieldRegistry'];

/** additionalModules entry for `new Form({ additionalModules: [germanValidationModule] })`. */
export const germanValidationModule = {
  __init__: ['germanValidationMessages'],
  germanValidationMessages: ['type', GermanValidationMessages],
};
