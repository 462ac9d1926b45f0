export enum Role {
  /** Sachbearbeitung: refers cases, obtains consents, follows up. */
  CASEWORKER = 'caseworker',
  /** Koordination: runs the case conferences (at the Jugendamt), assigns tasks. */
  COORDINATOR = 'coordinator',
  /** Administration of the JBA's settings and accounts. */
  ADMIN = 'admin',
}

export const ROLES = Object.values(Role);

export const ROLE_LABELS: Record<Role, string> = {
  [Role.CASEWORKER]: 'Sachbearbeitung',
  [Role.COORDINATOR]: 'Koordination',
  [Role.ADMIN]: 'Administration',
};
