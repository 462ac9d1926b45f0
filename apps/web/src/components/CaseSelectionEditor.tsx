import { useCallback, useEffect, useId, useImperativeHandle, useMemo, useState } from 'react';
import type { Ref } from 'react';
import type { CaseCandidate } from '../conferenceApi';
import { formatDate } from '../format';
import type { FormSubmission, FormViewHandle } from './FormView';
import '../styles/conference.css';

/** The id of the checklist in bpmn/select-cases.form: errors name it, the page labels them. */
const FIELD_ID = 'Field_SelectedCases';

type SortKey =
  'position' | 'referenceNumber' | 'referrer' | 'waitingSince' | 'carriedOverCount' | 'name';
type Direction = 'ascending' | 'descending';

const COLUMNS: Array<{ key: SortKey; label: string; numeric?: boolean }> = [
  { key: 'referenceNumber', label: 'Aktenzeichen' },
  // The order of receipt (referral date, then time of receipt): the default order.
  { key: 'position', label: 'Gemeldet am' },
  { key: 'referrer', label: 'Meldende Stelle' },
  { key: 'waitingSince', label: 'Wartet seit' },
  { key: 'carriedOverCount', label: 'Schon verschoben', numeric: true },
  { key: 'name', label: 'Name' },
];

const SORT_TEXT: Record<SortKey, Record<Direction, string>> = {
  position: {
    ascending: 'Sortiert nach Eingang: älteste zuerst',
    descending: 'Sortiert nach Eingang: neueste zuerst',
  },
  referenceNumber: {
    ascending: 'Sortiert nach Aktenzeichen: aufsteigend',
    descending: 'Sortiert nach Aktenzeichen: absteigend',
  },
  referrer: {
    ascending: 'Sortiert nach meldender Stelle: A bis Z',
    descending: 'Sortiert nach meldender Stelle: Z bis A',
  },
  waitingSince: {
    ascending: 'Sortiert nach Wartezeit: am längsten wartend zuerst',
    descending: 'Sortiert nach Wartezeit: zuletzt hinzugekommen zuerst',
  },
  carriedOverCount: {
    ascending: 'Sortiert nach Verschiebungen: seltenste zuerst',
    descending: 'Sortiert nach Verschiebungen: häufigste zuerst',
  },
  name: {
    ascending: 'Sortiert nach Name: A bis Z',
    descending: 'Sortiert nach Name: Z bis A',
  },
};

const collator = new Intl.Collator('de-DE', { numeric: true, sensitivity: 'base' });

function compare(a: CaseCandidate, b: CaseCandidate, key: SortKey): number {
  switch (key) {
    case 'position':
      return (a.position ?? Infinity) - (b.position ?? Infinity);
    case 'carriedOverCount':
      return a.carriedOverCount - b.carriedOverCount;
    case 'name':
      // Cases without a visible name last, in either direction of the names.
      if (!a.name || !b.name) return a.name ? -1 : b.name ? 1 : 0;
      return collator.compare(a.name, b.name);
    default:
      return collator.compare(String(a[key]), String(b[key]));
  }
}

/** "1 Platz", "3 Plätze"; dative after "von": "von 1 Platz", "von 3 Plätzen". */
export function placesText(count: number, dative = false): string {
  const n = count.toLocaleString('de-DE');
  return `${n} ${count === 1 ? 'Platz' : dative ? 'Plätzen' : 'Plätze'}`;
}

function casesText(count: number, dative = false): string {
  const n = count.toLocaleString('de-DE');
  return `${n} ${count === 1 ? 'Fall' : dative ? 'Fällen' : 'Fälle'}`;
}

interface CaseSelectionEditorProps {
  /** The form data of the task (select-cases.handler.ts): `candidates`, `capacity`. */
  data: Record<string, unknown>;
  readOnly: boolean;
  /** Called by `submit()` of the handle with `{ selectedCases }` and the errors, like FormView. */
  onSubmit: (submission: FormSubmission) => void;
  onErrorsChange?: (errors: Record<string, unknown>) => void;
  ref?: Ref<FormViewHandle>;
}

/**
 * *Fälle auswählen* at a few hundred waiting cases: a searchable, sortable table instead of the
 * form's checklist, a live counter of the places and no more choices than places. Submits
 * `selectedCases` like the Camunda form (the server checks the limit again).
 */
export function CaseSelectionEditor({
  data,
  readOnly,
  onSubmit,
  onErrorsChange,
  ref,
}: CaseSelectionEditorProps) {
  const candidates = useMemo(
    () => (Array.isArray(data.candidates) ? (data.candidates as CaseCandidate[]) : []),
    [data.candidates],
  );
  const capacity = typeof data.capacity === 'number' ? data.capacity : 0;
  const [selected, setSelected] = useState<string[]>(() =>
    Array.isArray(data.selectedCases) ? (data.selectedCases as string[]) : [],
  );
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; direction: Direction }>({
    key: 'position',
    direction: 'ascending',
  });
  const base = useId();
  const full = selected.length >= capacity;

  const errorsOf = useCallback(
    (chosen: string[]): Record<string, string[]> =>
      chosen.length === 0 ? { [FIELD_ID]: ['Bitte wählen Sie mindestens einen Fall aus.'] } : {},
    [],
  );

  useImperativeHandle(
    ref,
    () => ({
      submit: () => {
        const order = new Map(candidates.map((c, i) => [c.id, c.position ?? i]));
        const chosen = [...selected].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
        onSubmit({ data: { selectedCases: chosen }, errors: errorsOf(chosen) });
      },
    }),
    [candidates, selected, onSubmit, errorsOf],
  );

  useEffect(() => {
    onErrorsChange?.(errorsOf(selected));
  }, [selected, errorsOf, onErrorsChange]);

  const rows = useMemo(() => {
    const words = search.toLocaleLowerCase('de-DE').split(/\s+/).filter(Boolean);
    const matching = words.length
      ? candidates.filter((c) => {
          const text = [c.referenceNumber, c.referrer, c.name ?? '']
            .join(' ')
            .toLocaleLowerCase('de-DE');
          return words.every((w) => text.includes(w));
        })
      : candidates;
    const sign = sort.direction === 'ascending' ? 1 : -1;
    return [...matching].sort((a, b) => {
      const order = compare(a, b, sort.key);
      // Rows without a visible name stay last in both directions.
      const fixed = sort.key === 'name' && (!a.name || !b.name);
      return (fixed ? order : sign * order) || compare(a, b, 'position');
    });
  }, [candidates, search, sort]);

  const byId = useMemo(() => new Map(candidates.map((c) => [c.id, c])), [candidates]);

  function toggle(id: string, on: boolean) {
    setSelected((current) => {
      if (!on) return current.filter((x) => x !== id);
      if (current.includes(id) || current.length >= capacity) return current;
      return [...current, id];
    });
  }

  function sortBy(key: SortKey) {
    setSort((current) =>
      current.key === key
        ? { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
        : { key, direction: 'ascending' },
    );
  }

  const hintId = `${base}-full`;
  return (
    <div className="case-selection" id="case-selection">
      <p>
        Es wurden mehr Fälle gemeldet, als die Fallkonferenz behandeln kann:{' '}
        <strong>{casesText(candidates.length)}</strong> für <strong>{placesText(capacity)}</strong>.
        Bitte wählen Sie in Abstimmung mit den meldenden Stellen aus. Fälle, die Sie nicht
        auswählen, kommen in die nächste Fallkonferenz.
      </p>

      <div className="case-selection__status">
        <p className="case-selection__counter" aria-live="polite" role="status">
          {selected.length.toLocaleString('de-DE')} von {placesText(capacity, true)} ausgewählt
        </p>
        {full && !readOnly && (
          <p className="case-selection__full" id={hintId}>
            Alle Plätze sind vergeben. Um einen anderen Fall zu wählen, nehmen Sie zuerst einen
            gewählten heraus.
          </p>
        )}
      </div>

      {selected.length > 0 && (
        <ol className="case-selection__chosen" aria-label="Ausgewählte Fälle">
          {selected.map((id) => {
            const c = byId.get(id);
            return (
              <li key={id}>
                <span>
                  {c?.referenceNumber ?? id}
                  {c?.name && <span className="muted"> – {c.name}</span>}
                </span>
                {!readOnly && (
                  <button
                    type="button"
                    className="button-small button-secondary"
                    onClick={() => toggle(id, false)}
                    aria-label={`${c?.referenceNumber ?? 'Fall'} herausnehmen`}
                  >
                    Herausnehmen
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}

      <div className="field case-selection__search">
        <label htmlFor={`${base}-search`}>Suchen (Aktenzeichen, meldende Stelle, Name)</label>
        <input
          id={`${base}-search`}
          type="search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          autoComplete="off"
        />
      </div>
      <p className="case-selection__order" id={`${base}-order`}>
        {SORT_TEXT[sort.key][sort.direction]}
        {' · '}
        <span aria-live="polite">
          {rows.length === candidates.length
            ? `${casesText(candidates.length)}`
            : `${rows.length.toLocaleString('de-DE')} von ${casesText(candidates.length, true)} angezeigt`}
        </span>
      </p>

      <div className="table-wrap case-selection__table">
        <table className="table" aria-describedby={`${base}-order`}>
          <caption className="visually-hidden">Gemeldete Fälle zur Auswahl</caption>
          <thead>
            <tr>
              <th scope="col">Auswahl</th>
              {COLUMNS.map((col) => {
                const active = sort.key === col.key;
                return (
                  <th
                    key={col.key}
                    scope="col"
                    aria-sort={active ? sort.direction : undefined}
                    className={col.numeric ? 'numeric' : undefined}
                  >
                    <button
                      type="button"
                      className="case-selection__sort"
                      onClick={() => sortBy(col.key)}
                    >
                      {col.label}
                      <span aria-hidden="true" className="case-selection__arrow">
                        {active ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={COLUMNS.length + 1} className="muted">
                  Keine Fälle gefunden.
                </td>
              </tr>
            )}
            {rows.map((c) => {
              const checked = selected.includes(c.id);
              const disabled = readOnly || (!checked && full);
              const inputId = `${base}-case-${c.id}`;
              return (
                <tr key={c.id} data-case-id={c.id} className={checked ? 'is-selected' : undefined}>
                  <td>
                    <input
                      type="checkbox"
                      id={inputId}
                      checked={checked}
                      disabled={disabled}
                      aria-describedby={!checked && full && !readOnly ? hintId : undefined}
                      onChange={(event) => toggle(c.id, event.target.checked)}
                    />
                    <label htmlFor={inputId} className="visually-hidden">
                      Fall {c.referenceNumber} auswählen
                    </label>
                  </td>
                  <td className="nowrap">{c.referenceNumber}</td>
                  <td className="nowrap">{formatDate(c.referredOn)}</td>
                  <td>{c.referrer}</td>
                  <td className="nowrap">{formatDate(c.waitingSince)}</td>
                  <td className="numeric">
                    {c.carriedOverCount === 0 ? '—' : `${c.carriedOverCount}×`}
                  </td>
                  <td>
                    {c.name ?? <span className="muted">keine Angaben ohne Einwilligung</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
