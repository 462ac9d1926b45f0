import { useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api';
import type { ApiError, Option, TaskQuery, TaskSummary } from '../api';
import { Pagination } from '../components/Pagination';
import { SelectField } from '../components/SelectField';
import { ErrorMessage, Loading, Notice } from '../components/Status';
import { formatDateTime, plural } from '../format';
import { toApiError, useDocumentTitle, useResource } from '../hooks';
import { conferencePath } from '../paths';

const PAGE_SIZE = 20;

type Filter = NonNullable<TaskQuery['filter']>;
type Due = NonNullable<TaskQuery['due']>;
type Sort = NonNullable<TaskQuery['sort']>;
type Order = NonNullable<TaskQuery['order']>;

const FILTERS: Option[] = [
  { value: 'mine', label: 'Meine Aufgaben' },
  { value: 'unassigned', label: 'Nicht zugewiesen' },
  { value: 'institution', label: 'Meine Institution' },
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
const DEFAULTS = { filter: 'all', due: '', process: '', type: '', sort: 'due', order: 'asc' };
type FilterKey = keyof typeof DEFAULTS;
const FILTER_KEYS = Object.keys(DEFAULTS) as FilterKey[];

function pick<T extends string>(value: string | null, allowed: Option[], fallback: T): T {
  return allowed.some((o) => o.value === value) ? (value as T) : fallback;
}

function readQuery(
  params: URLSearchParams,
): Required<Omit<TaskQuery, 'due' | 'process' | 'type'>> &
  Pick<TaskQuery, 'due' | 'process' | 'type'> {
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  return {
    filter: pick<Filter>(params.get('filter'), FILTERS, 'all'),
    due: pick<Due | ''>(params.get('due'), DUES, '') || undefined,
    process: params.get('process') || undefined,
    type: params.get('type') || undefined,
    sort: pick<Sort>(params.get('sort'), SORTS, 'due'),
    order: pick<Order>(params.get('order'), ORDERS, 'asc'),
    page: Number.isFinite(page) && page > 0 ? page : 1,
    pageSize: PAGE_SIZE,
  };
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
  const [searchParams, setSearchParams] = useSearchParams();
  const query = readQuery(searchParams);
  const queryKey = JSON.stringify(query);
  const tasks = useResource(queryKey, (signal) => api.tasks(query, signal));
  const facets = useResource('facets', (signal) => api.taskFacets(signal));
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [claiming, setClaiming] = useState<string | null>(null);

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
    for (const key of FILTER_KEYS) changes[key] = String(data.get(key) ?? '');
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
    filter: query.filter,
    due: query.due ?? '',
    process: query.process ?? '',
    type: query.type ?? '',
    sort: query.sort,
    order: query.order,
  };
  const isFiltered = FILTER_KEYS.some((key) => values[key] !== DEFAULTS[key]);
  const page = tasks.data;

  return (
    <>
      <div className="page-heading">
        <h1>Aufgaben</h1>
        {page && <p className="muted">{plural(page.total, 'Aufgabe', 'Aufgaben')}</p>}
      </div>

      <form
        className="filters"
        role="search"
        aria-label="Aufgaben filtern"
        method="get"
        action="/aufgaben"
        onSubmit={handleSubmit}
      >
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
          <button type="submit">Anwenden</button>
          {isFiltered && (
            <button type="button" className="button-link" onClick={() => update({ ...DEFAULTS })}>
              Zurücksetzen
            </button>
          )}
        </div>
      </form>

      {notice && <Notice tone="success">{notice}</Notice>}
      <ErrorMessage error={actionError} />
      <ErrorMessage error={tasks.error} />

      {!page && tasks.loading && <Loading />}
      {page && page.items.length === 0 && <p className="empty">Keine Aufgaben gefunden.</p>}
      {page && page.items.length > 0 && (
        <div className="table-wrap" aria-busy={tasks.loading}>
          <table className="table">
            <caption className="visually-hidden">Aufgaben</caption>
            <thead>
              <tr>
                <th scope="col">Aufgabe</th>
                <th scope="col">Fall</th>
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
                    <Link to={`/aufgaben/${encodeURIComponent(task.id)}`}>{task.name}</Link>
                  </td>
                  <td>
                    {task.caseId ? (
                      <Link to={`/faelle/${encodeURIComponent(task.caseId)}`}>
                        {task.caseReference ?? 'Fall'}
                      </Link>
                    ) : !task.caseReference && task.conferenceId ? (
                      <Link to={conferencePath(task.conferenceId)}>
                        {task.conferenceLabel ?? 'Fallkonferenz'}
                      </Link>
                    ) : (
                      (task.caseReference ?? '—')
                    )}
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
                  <td className="numeric">{task.priority}</td>
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
