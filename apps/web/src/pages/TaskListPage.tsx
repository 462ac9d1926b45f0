import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../api';
import type { ApiError, FieldError, Option, TaskSummary } from '../api';
import { Field, messagesOf } from '../components/FormFields';
import { Pagination } from '../components/Pagination';
import { SelectField } from '../components/SelectField';
import { ErrorMessage, Loading, Notice } from '../components/Status';
import { formatDateTime, plural } from '../format';
import { toApiError, useDocumentTitle, useResource } from '../hooks';
import { conferencePath } from '../paths';
import { taskListApi } from '../taskListApi';
import type { SavedTaskFilter, TaskFilterQuery, TaskListQuery } from '../taskListApi';
import '../styles/tasklist.css';

const PAGE_SIZE = 20;
/** How often the list asks whether its tasks changed (only while the tab is visible). */
const POLL_MS = 30_000;

type Filter = NonNullable<TaskListQuery['filter']>;
type Due = NonNullable<TaskListQuery['due']>;
type Sort = NonNullable<TaskListQuery['sort']>;
type Order = NonNullable<TaskListQuery['order']>;

/** "Meine Aufgaben" first (the default), then "Meine Institution". */
const FILTERS: Option[] = [
  { value: 'mine', label: 'Meine Aufgaben' },
  { value: 'institution', label: 'Meine Institution' },
  { value: 'unassigned', label: 'Nicht zugewiesen' },
  { value: 'all', label: 'Alle sichtbaren' },
];
const DUES: Option[] = [
  { value: '', label: 'alle' },
  { value: 'soon', label: 'bald fällig' },
  { value: 'overdue', label: 'überfällig' },
];
const SORTS: Option[] = [
  { value: 'due', label: 'Fälligkeit' },
  { value: 'priority', label: 'Priorität' },
  { value: 'created', label: 'Erstellt' },
];
const ORDERS: Option[] = [
  { value: 'asc', label: 'aufsteigend' },
  { value: 'desc', label: 'absteigend' },
];

/** Defaults are left out of the address. */
const DEFAULTS = {
  q: '',
  filter: 'mine',
  due: '',
  process: '',
  type: '',
  sort: 'due',
  order: 'asc',
};
type FilterKey = keyof typeof DEFAULTS;
const FILTER_KEYS = Object.keys(DEFAULTS) as FilterKey[];

/** What the list's navigation passes to a task page, and what comes back after completing it. */
export interface TaskListNavigationState {
  /** The list's address (`?filter=…`), to return to it. */
  listSearch?: string;
  /** "Aufgabe „…“ abgeschlossen." */
  notice?: string;
}

function pick<T extends string>(value: string | null, allowed: Option[], fallback: T): T {
  return allowed.some((o) => o.value === value) ? (value as T) : fallback;
}

function readQuery(params: URLSearchParams) {
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  return {
    q: params.get('q')?.trim() || undefined,
    filter: pick<Filter>(params.get('filter'), FILTERS, 'mine'),
    due: pick<Due | ''>(params.get('due'), DUES, '') || undefined,
    process: params.get('process') || undefined,
    type: params.get('type') || undefined,
    sort: pick<Sort>(params.get('sort'), SORTS, 'due'),
    order: pick<Order>(params.get('order'), ORDERS, 'asc'),
    page: Number.isFinite(page) && page > 0 ? page : 1,
    pageSize: PAGE_SIZE,
  } satisfies TaskListQuery;
}

/** The list's address for a filter: defaults left out, keys in a fixed order. */
function searchOf(filter: TaskFilterQuery): string {
  const next = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filter[key];
    if (value && value !== DEFAULTS[key]) next.set(key, value);
  }
  const text = next.toString();
  return text ? `?${text}` : '';
}

/** Options of a facet, plus the current value if the facets do not (or not yet) list it. */
function withCurrent(options: Option[] | undefined, current: string | undefined): Option[] {
  const list = options ?? [];
  if (current && !list.some((o) => o.value === current)) {
    return [...list, { value: current, label: current }];
  }
  return list;
}

export function TaskListPage() {
  useDocumentTitle('Aufgaben');
  const location = useLocation();
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  const query = readQuery(searchParams);
  const { page: _page, pageSize: _pageSize, ...filterQuery } = query;
  const filterKey = JSON.stringify(filterQuery);
  const queryKey = JSON.stringify(query);
  const tasks = useResource(queryKey, (signal) => taskListApi.tasks(query, signal));
  const facets = useResource('facets', (signal) => api.taskFacets(signal));
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(
    () => (location.state as TaskListNavigationState | null)?.notice ?? null,
  );
  const [claiming, setClaiming] = useState<string | null>(null);
  const changed = useChangeNotice(tasks.data?.version, filterQuery, filterKey);

  // The notice of a completed task is shown once: a reload of the page does not repeat it.
  useEffect(() => {
    if ((location.state as TaskListNavigationState | null)?.notice) {
      void navigate({ search: location.search }, { replace: true, state: null });
    }
    // once, on arrival
  }, []);

  function update(changes: Partial<Record<FilterKey | 'page', string>>) {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(changes)) {
      const isDefault = key === 'page' ? value === '1' : DEFAULTS[key as FilterKey] === value;
      if (!value || isDefault) next.delete(key);
      else next.set(key, value);
    }
    // Another filter means another list: back to its first page.
    if (!('page' in changes)) next.delete('page');
    setSearchParams(next);
    setNotice(null);
    setActionError(null);
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const changes: Partial<Record<FilterKey, string>> = {};
    for (const key of FILTER_KEYS) changes[key] = String(data.get(key) ?? '').trim();
    update(changes);
  }

  async function claim(task: TaskSummary) {
    setClaiming(task.id);
    setActionError(null);
    setNotice(null);
    try {
      await api.claim(task.id);
      setNotice(`Sie haben „${task.name}“ übernommen.`);
    } catch (reason) {
      setActionError(toApiError(reason));
    } finally {
      setClaiming(null);
      tasks.reload();
    }
  }

  const values: Record<FilterKey, string> = {
    q: query.q ?? '',
    filter: query.filter,
    due: query.due ?? '',
    process: query.process ?? '',
    type: query.type ?? '',
    sort: query.sort,
    order: query.order,
  };
  const isFiltered = FILTER_KEYS.some((key) => values[key] !== DEFAULTS[key]);
  const narrowed = FILTER_KEYS.some(
    (key) => key !== 'filter' && key !== 'sort' && key !== 'order' && values[key] !== '',
  );
  const page = tasks.data;
  const listSearch = searchOf(filterQuery);
  const institutionSearch = searchOf({ ...filterQuery, filter: 'institution' });

  return (
    <>
      <div className="page-heading">
        <h1>Aufgaben</h1>
        {page && <p className="muted">{plural(page.total, 'Aufgabe', 'Aufgaben')}</p>}
      </div>

      <form
        className="filters tasklist__filters"
        role="search"
        aria-label="Aufgaben suchen und filtern"
        method="get"
        action="/aufgaben"
        onSubmit={handleSubmit}
        noValidate
      >
        {/* key: a filter chosen from "Gespeicherte Filter" puts its text into the field */}
        <div className="field tasklist__search" key={values.q}>
          <label htmlFor="filter-q">Suche</label>
          <input
            id="filter-q"
            name="q"
            type="search"
            defaultValue={values.q}
            maxLength={100}
            aria-describedby="filter-q-hint"
          />
          <p className="field__hint" id="filter-q-hint">
            Aktenzeichen, Name des jungen Menschen, meldende Institution, Fallkonferenz oder Aufgabe
          </p>
        </div>
        <SelectField
          id="filter-view"
          name="filter"
          label="Ansicht"
          options={FILTERS}
          value={values.filter}
          onChange={(value) => update({ filter: value })}
        />
        <SelectField
          id="filter-due"
          name="due"
          label="Fälligkeit"
          options={DUES}
          value={values.due}
          onChange={(value) => update({ due: value })}
        />
        <SelectField
          id="filter-process"
          name="process"
          label="Prozess"
          options={[
            { value: '', label: 'alle' },
            ...withCurrent(facets.data?.processes, query.process),
          ]}
          value={values.process}
          onChange={(value) => update({ process: value })}
        />
        <SelectField
          id="filter-type"
          name="type"
          label="Aufgabentyp"
          options={[{ value: '', label: 'alle' }, ...withCurrent(facets.data?.types, query.type)]}
          value={values.type}
          onChange={(value) => update({ type: value })}
        />
        <SelectField
          id="filter-sort"
          name="sort"
          label="Sortierung"
          options={SORTS}
          value={values.sort}
          onChange={(value) => update({ sort: value })}
        />
        <SelectField
          id="filter-order"
          name="order"
          label="Richtung"
          options={ORDERS}
          value={values.order}
          onChange={(value) => update({ order: value })}
        />
        <div className="filters__actions">
          <button type="submit">Suchen</button>
          {isFiltered && (
            <button type="button" className="button-link" onClick={() => update({ ...DEFAULTS })}>
              Zurücksetzen
            </button>
          )}
        </div>
      </form>

      <SavedFilters current={filterQuery} currentSearch={listSearch} />

      <div className="tasklist__changed" aria-live="polite">
        {changed && (
          <button type="button" className="button-secondary" onClick={() => tasks.reload()}>
            Neue Aufgaben – Liste aktualisieren
          </button>
        )}
      </div>

      {notice && <Notice tone="success">{notice}</Notice>}
      <ErrorMessage error={actionError} />
      <ErrorMessage error={tasks.error} />

      {!page && tasks.loading && <Loading />}
      {page && page.items.length === 0 && (
        <div className="empty">
          {query.filter === 'mine' ? (
            <>
              <p>
                {narrowed
                  ? 'Unter „Meine Aufgaben“ passt keine Aufgabe zu Ihrer Suche.'
                  : 'Ihnen sind zurzeit keine Aufgaben zugewiesen („Meine Aufgaben“ ist leer).'}
              </p>
              <p>
                <Link to={`/aufgaben${institutionSearch}`}>
                  Aufgaben Ihrer Institution anzeigen („Meine Institution“)
                </Link>
              </p>
            </>
          ) : (
            <p>Keine Aufgaben gefunden.</p>
          )}
        </div>
      )}
      {page && page.items.length > 0 && (
        <div className="table-wrap tasklist__wrap" aria-busy={tasks.loading}>
          <table className="table tasklist__table">
            <caption className="visually-hidden">Aufgaben</caption>
            <thead>
              <tr>
                <th scope="col">Aufgabe</th>
                <th scope="col">Junger Mensch</th>
                <th scope="col">Fall / Fallkonferenz</th>
                <th scope="col">Zugewiesen an</th>
                <th scope="col">Fällig</th>
                <th scope="col">Priorität</th>
                <th scope="col">Erstellt</th>
                <th scope="col">
                  <span className="visually-hidden">Aktionen</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((task) => (
                <tr key={task.id} data-task-id={task.id}>
                  <td>
                    <Link
                      to={`/aufgaben/${encodeURIComponent(task.id)}`}
                      state={{ listSearch } satisfies TaskListNavigationState}
                    >
                      {task.name}
                    </Link>
                  </td>
                  <td>
                    {task.youngPersonName ??
                      (task.caseId ? <span className="muted">nicht freigegeben</span> : '—')}
                  </td>
                  <td>
                    <CaseCell task={task} />
                  </td>
                  <td>
                    {task.assignee ? (
                      <>
                        {task.assignee.displayName}
                        {task.assignedToMe && <span className="badge badge-info">ich</span>}
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="nowrap">
                    {formatDateTime(task.dueAt)}
                    {task.overdue && <span className="badge badge-danger">überfällig</span>}
                  </td>
                  <td>
                    <span
                      className={`tasklist__priority tasklist__priority--${task.priorityLabel}`}
                      title={`Priorität ${task.priority} von 100`}
                    >
                      {task.priorityLabel}
                    </span>
                  </td>
                  <td className="nowrap">{formatDateTime(task.createdAt)}</td>
                  <td className="actions">
                    {!task.assignee && task.state === 'open' && (
                      <button
                        type="button"
                        className="button-small"
                        onClick={() => void claim(task)}
                        disabled={claiming !== null}
                      >
                        Übernehmen
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page && page.total > 0 && (
        <Pagination
          label="Seiten der Aufgabenliste"
          page={page.page}
          pageSize={page.pageSize}
          total={page.total}
          onChange={(next) => update({ page: String(next) })}
        />
      )}
    </>
  );
}

/** The case (reference) and the conference ("Fallkonferenz am …, … Uhr") of a task. */
function CaseCell({ task }: { task: TaskSummary }) {
  const conference =
    task.conferenceId && task.conferenceLabel ? (
      <Link to={conferencePath(task.conferenceId)}>{task.conferenceLabel}</Link>
    ) : null;
  if (task.caseId) {
    return (
      <>
        <Link to={`/faelle/${encodeURIComponent(task.caseId)}`}>
          {task.caseReference ?? 'Fall'}
        </Link>
        {conference && <div className="tasklist__conference">{conference}</div>}
      </>
    );
  }
  return conference ?? <>{task.caseReference ?? '—'}</>;
}

/**
 * Whether the tasks the list shows changed since it loaded: asks the API every 30 s while the
 * tab is visible, and at once when the tab becomes visible again. The list is not reloaded
 * under the user's cursor; they get a button for it.
 */
function useChangeNotice(
  loadedVersion: string | undefined,
  filter: TaskFilterQuery,
  filterKey: string,
): boolean {
  const [changed, setChanged] = useState(false);
  const filterRef = useRef(filter);
  filterRef.current = filter;

  useEffect(() => {
    setChanged(false);
    if (!loadedVersion) return;
    const controller = new AbortController();
    let busy = false;
    const check = async () => {
      if (busy || document.visibilityState !== 'visible') return;
      busy = true;
      try {
        const now = await taskListApi.version(filterRef.current, controller.signal);
        if (!controller.signal.aborted && now.version !== loadedVersion) setChanged(true);
      } catch {
        // offline for a moment: the next round asks again
      } finally {
        busy = false;
      }
    };
    const timer = window.setInterval(() => void check(), POLL_MS);
    const onVisibility = () => void check();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      controller.abort();
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [loadedVersion, filterKey]);

  return changed;
}

interface SavedFiltersProps {
  /** The list's current filter: what "Filter speichern" saves. */
  current: TaskFilterQuery;
  currentSearch: string;
}

/** The user's saved filters (kept on the server), "Filter speichern" and deleting one. */
function SavedFilters({ current, currentSearch }: SavedFiltersProps) {
  const filters = useResource('task-filters', (signal) => taskListApi.filters(signal));
  const [saving, setSaving] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (saving) nameRef.current?.focus();
  }, [saving]);

  function reset() {
    setFieldErrors([]);
    setError(null);
    setMessage(null);
  }

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    reset();
    if (!name.trim()) {
      setFieldErrors([{ field: 'name', messages: ['Bitte geben Sie einen Namen ein.'] }]);
      nameRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const saved = await taskListApi.saveFilter(name.trim(), current);
      setMessage(`Filter „${saved.name}“ gespeichert.`);
      setSaving(false);
      setName('');
      filters.reload();
    } catch (reason) {
      const failure = toApiError(reason);
      if (failure.status === 400 && failure.fieldErrors.length) {
        setFieldErrors(failure.fieldErrors);
        nameRef.current?.focus();
      } else setError(failure);
    } finally {
      setBusy(false);
    }
  }

  async function remove(filter: SavedTaskFilter) {
    reset();
    setBusy(true);
    try {
      await taskListApi.deleteFilter(filter.id);
      filters.setData((filters.data ?? []).filter((f) => f.id !== filter.id));
      setMessage(`Filter „${filter.name}“ gelöscht.`);
      setConfirming(null);
    } catch (reason) {
      setError(toApiError(reason));
      filters.reload();
    } finally {
      setBusy(false);
    }
  }

  const nameError = messagesOf(fieldErrors, 'name');
  const otherErrors = fieldErrors.filter((e) => e.field !== 'name');
  const list = filters.data ?? [];

  return (
    <section className="saved-filters" aria-labelledby="saved-filters-heading">
      <h2 id="saved-filters-heading" className="saved-filters__heading">
        Gespeicherte Filter
      </h2>
      {list.length === 0 && !filters.loading && (
        <p className="muted saved-filters__none">Sie haben noch keinen Filter gespeichert.</p>
      )}
      {list.length > 0 && (
        <ul className="saved-filters__list">
          {list.map((filter) => {
            const search = searchOf(filter.query);
            return (
              <li key={filter.id} className="saved-filters__item" data-filter-id={filter.id}>
                {confirming === filter.id ? (
                  <span
                    className="saved-filters__confirm"
                    role="group"
                    aria-label="Löschen bestätigen"
                  >
                    <span>Filter „{filter.name}“ löschen?</span>
                    <button
                      type="button"
                      className="button-small button-danger"
                      disabled={busy}
                      onClick={() => void remove(filter)}
                    >
                      Ja, löschen
                    </button>
                    <button
                      type="button"
                      className="button-small button-link"
                      onClick={() => setConfirming(null)}
                    >
                      Abbrechen
                    </button>
                  </span>
                ) : (
                  <>
                    <Link
                      to={`/aufgaben${search}`}
                      aria-current={search === currentSearch ? 'page' : undefined}
                    >
                      {filter.name}
                    </Link>
                    <button
                      type="button"
                      className="button-small button-link"
                      aria-label={`Filter „${filter.name}“ löschen`}
                      onClick={() => {
                        reset();
                        setConfirming(filter.id);
                      }}
                    >
                      Löschen
                    </button>
                  </>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {saving ? (
        <form
          id="save-filter-form"
          className="saved-filters__form"
          onSubmit={(event) => void save(event)}
          noValidate
        >
          <Field id="save-filter-name" label="Name des Filters" error={nameError || undefined}>
            {(control) => (
              <input
                {...control}
                ref={nameRef}
                type="text"
                value={name}
                maxLength={80}
                autoComplete="off"
                onChange={(event) => setName(event.target.value)}
              />
            )}
          </Field>
          <div className="saved-filters__actions">
            <button type="submit" className="button-primary" disabled={busy}>
              Speichern
            </button>
            <button
              type="button"
              className="button-link"
              onClick={() => {
                setSaving(false);
                reset();
              }}
            >
              Abbrechen
            </button>
          </div>
          {otherErrors.length > 0 && (
            <p className="alert alert-error" role="alert">
              {otherErrors.flatMap((e) => e.messages).join(' ')}
            </p>
          )}
        </form>
      ) : (
        <button
          type="button"
          className="button-secondary button-small"
          onClick={() => {
            reset();
            setSaving(true);
          }}
        >
          Filter speichern
        </button>
      )}
      {message && <Notice tone="success">{message}</Notice>}
      <ErrorMessage error={error} />
      <ErrorMessage error={filters.error} />
    </section>
  );
}
