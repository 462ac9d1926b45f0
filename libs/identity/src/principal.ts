import { Role } from './role';

/** The signed-in user as every service sees it. */
export interface Principal {
  id: string;
  username: string;
  displayName: string;
  institutionId: string;
  jbaId: string;
  roles: Role[];
  /** Candidate groups this user belongs to (see `groupsOf`). */
  groups: string[];
}

/**
 * The candidate groups of a user, as BPMN models name them in `candidateGroups`:
 * `institution:<id>` for everyone of an institution, `institution:<id>:<role>` for a role there.
 */
export function groupsOf(institutionId: string, roles: readonly Role[]): string[] {
  return [`institution:${institutionId}`, ...roles.map((r) => `institution:${institutionId}:${r}`)];
}

export function hasRole(p: Principal, ...roles: Role[]): boolean {
  return roles.some((r) => p.roles.includes(r));
}
