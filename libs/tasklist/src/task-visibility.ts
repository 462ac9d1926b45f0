import type { Principal } from '@lotse/identity';
import type { UserTask } from '@lotse/task';

/**
 * A user sees a task assigned to them, offered to them by name, or offered to one of their
 * groups (their institution, their role there). Never a task of another institution.
 */
export function canSeeTask(
  p: Principal,
  t: Pick<UserTask, 'assignee' | 'candidateUsers' | 'candidateGroups'>,
): boolean {
  return (
    t.assignee === p.id ||
    t.candidateUsers.includes(p.id) ||
    t.candidateGroups.some((g) => p.groups.includes(g))
  );
}

/**
 * The same rule as SQL over `user_task t` with parameters for the user id ($1) and groups ($2);
 * written with array operators so that the GIN indexes of open tasks serve it.
 */
export const VISIBLE_SQL = `(t.assignee = $1 or t.candidate_users @> array[$1]::text[] or t.candidate_groups && $2::text[])`;
