import { api } from '../api';
import type { DoubleSupportWarning, FieldError, ProtocolContent, ProtocolEditorView } from '../api';
import { berlinToday } from '../format';
import type { FieldErrorItem } from './FieldErrors';
import { toOfferChoice } from './OfferPicker';
import type { OfferChoice } from './OfferPicker';

/**
 * The protocol as the editor holds it (strings for the inputs, a key per row) and its way to
 * and from the API's `ProtocolContent`.
 */

let nextKey = 0;
const key = () => `row-${++nextKey}`;

export interface MeasureValues {
  key: string;
  id: string | null;
  title: string;
  kind: string;
  offer: OfferChoice | null;
  institutionId: string;
  contactName: string;
  startsOn: string;
  dueOn: string;
}

export type Agreement = 'yes' | 'no' | '';

export interface ProtocolValues {
  /** institution id → the person who came ('' for none named); absent institutions are missing. */
  participants: Record<string, string>;
  situation: string;
  goals: Array<{ key: string; text: string }>;
  measures: MeasureValues[];
  youngPersonView: string;
  youngPersonAgreed: Agreement;
}

export function emptyMeasure(): MeasureValues {
  return {
    key: key(),
    id: null,
    title: '',
    kind: '',
    offer: null,
    institutionId: '',
    contactName: '',
    startsOn: berlinToday(),
    dueOn: '',
  };
}

export function emptyGoal() {
  return { key: key(), text: '' };
}

/** An offer that can no longer be loaded (ended, removed) still shows as chosen. */
function unknownOffer(offerId: string, kind: string, institutionId: string): OfferChoice {
  return {
    id: offerId,
    name: 'Angebot (nicht mehr in der Übersicht)',
    kind,
    kindLabel: '',
    institutionId,
    institutionName: '',
  };
}

/** The editor's values of a protocol; the offers the measures name are loaded for the picker. */
export async function loadValues(
  view: ProtocolEditorView,
  signal?: AbortSignal,
): Promise<ProtocolValues> {
  const c = view.content;
  const offerIds = [...new Set(c.measures.map((m) => m.offerId).filter((x): x is string => !!x))];
  const offers = new Map<string, OfferChoice>();
  await Promise.all(
    offerIds.map(async (offerId) => {
      try {
        offers.set(offerId, toOfferChoice(await api.offer(offerId, signal)));
      } catch (error) {
        if (signal?.aborted) throw error;
      }
    }),
  );
  return {
    participants: Object.fromEntries(c.participants.map((p) => [p.institutionId, p.person ?? ''])),
    situation: c.situation ?? '',
    goals: c.goals.length ? c.goals.map((text) => ({ key: key(), text })) : [emptyGoal()],
    measures: c.measures.map((m) => ({
      key: key(),
      id: m.id ?? null,
      title: m.title,
      kind: m.kind,
      offer: m.offerId
        ? (offers.get(m.offerId) ?? unknownOffer(m.offerId, m.kind, m.institutionId))
        : null,
      institutionId: m.institutionId,
      contactName: m.contactName,
      startsOn: m.startsOn,
      dueOn: m.dueOn,
    })),
    youngPersonView: c.youngPersonView ?? '',
    youngPersonAgreed:
      c.youngPersonAgreed === true ? 'yes' : c.youngPersonAgreed === false ? 'no' : '',
  };
}

/** What goes to the API; the order of `institutions` keeps the participants in a stable order. */
export function toContent(values: ProtocolValues, institutionOrder: string[]): ProtocolContent {
  return {
    participants: institutionOrder
      .filter((institutionId) => institutionId in values.participants)
      .map((institutionId) => ({
        institutionId,
        person: values.participants[institutionId].trim() || null,
      })),
    situation: values.situation,
    goals: values.goals.map((g) => g.text),
    measures: values.measures.map((m) => ({
      id: m.id,
      title: m.title,
      kind: m.kind,
      offerId: m.offer?.id ?? null,
      institutionId: m.institutionId,
      contactName: m.contactName,
      startsOn: m.startsOn,
      dueOn: m.dueOn,
    })),
    youngPersonView: values.youngPersonView.trim() || null,
    youngPersonAgreed:
      values.youngPersonAgreed === 'yes' ? true : values.youngPersonAgreed === 'no' ? false : null,
  };
}

/**
 * The server names fields as `content.measures.0.dueOn`; they become `measures.0.dueOn`
 * (an older `measures[0]` form is read too).
 */
export function normaliseField(field: string): string {
  return field.replace(/\[(\d+)\]/g, '.$1').replace(/^content\./, '');
}

export function normaliseErrors(errors: FieldError[]): FieldError[] {
  const byField = new Map<string, string[]>();
  for (const e of errors) {
    const field = normaliseField(e.field);
    byField.set(field, [...(byField.get(field) ?? []), ...e.messages]);
  }
  return [...byField].map(([field, messages]) => ({ field, messages }));
}

const FIELD_LABELS: Record<string, string> = {
  participants: 'Teilnehmende',
  situation: 'Ausgangslage',
  goals: 'Ziele',
  measures: 'Maßnahmen',
  youngPersonView: 'Sicht des jungen Menschen',
  youngPersonAgreed: 'Einverstanden',
  reason: 'Grund der Berichtigung',
};

export const MEASURE_FIELD_LABELS: Record<string, string> = {
  title: 'Titel',
  offerId: 'Angebot',
  kind: 'Art',
  institutionId: 'Zuständige Institution',
  contactName: 'Ansprechperson',
  startsOn: 'Beginn',
  dueOn: 'Fällig bis',
};

/** "Maßnahme 1: Fällig bis" for `measures.0.dueOn`; undefined for what the form does not know. */
export function fieldLabel(field: string): string | undefined {
  const measure = /^measures\.(\d+)\.(\w+)$/.exec(field);
  if (measure) {
    const name = MEASURE_FIELD_LABELS[measure[2]];
    return name && `Maßnahme ${Number(measure[1]) + 1}: ${name}`;
  }
  const goal = /^goals\.(\d+)$/.exec(field);
  if (goal) return `Ziel ${Number(goal[1]) + 1}`;
  if (/^participants\.\d+/.test(field)) return FIELD_LABELS.participants;
  return FIELD_LABELS[field];
}

/** The input a field's error summary line jumps to. */
export function fieldTarget(prefix: string, field: string): string {
  const target = /^participants\.\d+/.test(field) ? 'participants' : field;
  return `${prefix}-${target.replace(/\./g, '-')}`;
}

/** The error summary's lines, each linked to its field. */
export function errorItems(errors: FieldError[], prefix: string): FieldErrorItem[] {
  return errors.map((e) => {
    const label = fieldLabel(e.field);
    return {
      field: e.field,
      label,
      messages: e.messages,
      targetId: label ? fieldTarget(prefix, e.field) : undefined,
    };
  });
}

/** Double-support warnings by the key of the row they concern (indexes move when rows go). */
export function warningsByRow(
  warnings: DoubleSupportWarning[],
  measures: MeasureValues[],
): Map<string, DoubleSupportWarning[]> {
  const byRow = new Map<string, DoubleSupportWarning[]>();
  for (const w of warnings) {
    const row = measures[w.measureIndex];
    if (row) byRow.set(row.key, [...(byRow.get(row.key) ?? []), w]);
  }
  return byRow;
}
