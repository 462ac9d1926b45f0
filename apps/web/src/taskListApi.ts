/**
 * The task list's own endpoints (search, change polling, saved filters), on the shared
 * transport of `api.ts`.
 */
import { query, request } from './api';
import type { Ok, QueryOf, Schemas } from './api';

/** What selects and orders the list (no page): what a saved filter keeps. */
export type TaskFilterQuery = Schemas['TaskFilterQuery'];

export type TaskListQuery = QueryOf<'TaskListController_list'>;

export type TaskListVersion = Schemas['TaskListVersionView'];

export type SavedTaskFilter = Schemas['SavedTaskFilterView'];

export const taskListApi = {
  tasks: (q: TaskListQuery, signal?: AbortSignal) =>
    request<Ok<'/tasks', 'get'>>(`/tasks${query(q)}`, { signal }),
  /** How many tasks the filter selects and their state; polled to see that the list changed. */
  version: (q: TaskFilterQuery, signal?: AbortSignal) =>
    request<Ok<'/tasks/version', 'get'>>(`/tasks/version${query(q)}`, { signal }),
  filters: (signal?: AbortSignal) =>
    request<Ok<'/tasks/filters', 'get'>>('/tasks/filters', { signal }),
  saveFilter: (name: string, filter: TaskFilterQuery) =>
    request<Ok<'/tasks/filters', 'post'>>('/tasks/filters', {
      method: 'POST',
      body: { name, query: filter },
    }),
  deleteFilter: (filterId: string) =>
    request<void>(`/tasks/filters/${encodeURIComponent(filterId)}`, { method: 'DELETE' }),
};
