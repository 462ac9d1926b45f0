/**
 * form-js (1.x) has no translations; its validation messages are English. This module wraps the
 * form's `validator` service so that both the inline messages and the ones we list read German.
 * A schema's own `patternErrorMessage` passes through unchanged.
 */

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

export function translateValidationMessage(message: string): string {
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

function translateAll(result: unknown): unknown {
  return Array.isArray(result)
    ? result.map((m) => (typeof m === 'string' ? translateValidationMessage(m) : m))
    : result;
}

function GermanValidationMessages(validator: ValidatorService) {
  for (const name of ['validateField', 'validateFieldInstance'] as const) {
    const original = validator[name];
    if (typeof original !== 'function') continue;
    validator[name] = (...args: unknown[]) => translateAll(original.apply(validator, args));
  }
}
GermanValidationMessages.$inject = ['validator'];

/** additionalModules entry for `new Form({ additionalModules: [germanValidationModule] })`. */
export const germanValidationModule = {
  __init__: ['germanValidationMessages'],
  germanValidationMessages: ['type', GermanValidationMessages],
};
