/**
 * Server-side validation of task variables against the Camunda Form (form-js JSON) the task
 * links to: required fields, types, allowed values, patterns and lengths. The browser
 * validates too, but only what the server checks counts.
 */

export interface FormComponent {
  type: string;
  key?: string;
  path?: string;
  label?: string;
  dateLabel?: string;
  text?: string;
  subtype?: string;
  values?: Array<{ label: string; value: unknown }>;
  valuesKey?: string;
  validate?: {
    required?: boolean;
    pattern?: string;
    minLength?: number;
    maxLength?: number;
    min?: number;
    max?: number;
  };
  components?: FormComponent[];
}

export interface FormSchema {
  id?: string;
  components?: FormComponent[];
}

export interface FieldProblem {
  field: string;
  messages: string[];
}

/** Components without a value of their own. */
const DISPLAY_ONLY = new Set([
  'text',
  'html',
  'image',
  'button',
  'spacer',
  'separator',
  'iframe',
  'table',
  'documentPreview',
]);
const CONTAINERS = new Set(['group', 'dynamiclist']);

interface Field {
  path: string;
  component: FormComponent;
}

/** The value fields of a form with their full (dotted) paths. */
export function fieldsOf(schema: FormSchema): Field[] {
  const out: Field[] = [];
  const walk = (components: FormComponent[] | undefined, prefix: string) => {
    for (const c of components ?? []) {
      if (CONTAINERS.has(c.type)) {
        walk(c.components, c.path ? join(prefix, c.path) : prefix);
      } else if (!DISPLAY_ONLY.has(c.type) && c.key) {
        out.push({ path: join(prefix, c.key), component: c });
      }
    }
  };
  walk(schema.components, '');
  return out;
}

const join = (a: string, b: string) => (a ? `${a}.${b}` : b);

function get(obj: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
      obj,
    );
}

const empty = (v: unknown) =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * Checks `variables` against the form; `data` holds the options of fields with a `valuesKey`.
 * Returns one entry per bad field, named by its path (e.g. `consent.signedOn`).
 */
export function validateAgainstForm(
  schema: FormSchema,
  variables: Record<string, unknown>,
  data: Record<string, unknown> = {},
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const fields = fieldsOf(schema);
  const report = (field: string, message: string) => {
    const existing = problems.find((p) => p.field === field);
    if (existing) existing.messages.push(message);
    else problems.push({ field, messages: [message] });
  };

  // Only the form's fields may be set: nothing else reaches the process.
  const allowed = new Set(fields.map((f) => f.path));
  const prefixes = new Set(
    fields.flatMap((f) =>
      f.path
        .split('.')
        .slice(0, -1)
        .map((_, i, parts) => parts.slice(0, i + 1).join('.')),
    ),
  );
  const walkUnknown = (obj: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(obj)) {
      const p = join(prefix, k);
      if (allowed.has(p)) continue;
      if (prefixes.has(p) && v && typeof v === 'object' && !Array.isArray(v))
        walkUnknown(v as Record<string, unknown>, p);
      else report(p, 'Dieses Feld gibt es im Formular nicht.');
    }
  };
  walkUnknown(variables, '');

  for (const { path, component: c } of fields) {
    const label = c.label ?? c.dateLabel ?? path;
    const v = get(variables, path);
    const rules = c.validate ?? {};
    if (empty(v) || (c.type === 'checkbox' && rules.required && v === false)) {
      if (rules.required) report(path, `${label}: Pflichtfeld.`);
      continue;
    }
    const options =
      c.values ??
      (c.valuesKey ? (data[c.valuesKey] as Array<{ value: unknown }> | undefined) : undefined);
    const allowedValues = options ? new Set(options.map((o) => o.value)) : null;
    switch (c.type) {
      case 'textfield':
      case 'textarea':
        if (typeof v !== 'string') {
          report(path, `${label}: muss ein Text sein.`);
          break;
        }
        if (rules.minLength !== undefined && v.length < rules.minLength)
          report(path, `${label}: mindestens ${rules.minLength} Zeichen.`);
        if (rules.maxLength !== undefined && v.length > rules.maxLength)
          report(path, `${label}: höchstens ${rules.maxLength} Zeichen.`);
        if (rules.pattern && !new RegExp(rules.pattern).test(v))
          report(path, `${label}: hat nicht das erwartete Format.`);
        break;
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          report(path, `${label}: muss eine Zahl sein.`);
          break;
        }
        if (rules.min !== undefined && v < rules.min)
          report(path, `${label}: mindestens ${rules.min}.`);
        if (rules.max !== undefined && v > rules.max)
          report(path, `${label}: höchstens ${rules.max}.`);
        break;
      case 'checkbox':
        if (typeof v !== 'boolean') report(path, `${label}: muss ja oder nein sein.`);
        break;
      case 'radio':
      case 'select':
        if (allowedValues && !allowedValues.has(v)) report(path, `${label}: unzulässiger Wert.`);
        break;
      case 'checklist':
      case 'taglist':
        if (!Array.isArray(v)) {
          report(path, `${label}: muss eine Liste sein.`);
          break;
        }
        if (allowedValues && v.some((x) => !allowedValues.has(x)))
          report(path, `${label}: enthält unzulässige Werte.`);
        if (new Set(v).size !== v.length) report(path, `${label}: enthält Werte doppelt.`);
        break;
      case 'datetime':
        if (typeof v !== 'string') {
          report(path, `${label}: muss ein Datum sein.`);
        } else if ((c.subtype ?? 'date') === 'date') {
          if (
            !/^\d{4}-\d{2}-\d{2}$/.test(v) ||
            Number.isNaN(new Date(`${v}T00:00:00Z`).getTime()) ||
            new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v
          ) {
            report(path, `${label}: muss ein Datum (JJJJ-MM-TT) sein.`);
          }
        } else if (Number.isNaN(new Date(v).getTime())) {
          report(path, `${label}: muss ein Zeitpunkt sein.`);
        }
        break;
      default:
        break;
    }
  }
  return problems;
}
