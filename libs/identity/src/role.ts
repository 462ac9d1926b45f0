export enum Role {
  /** Sachbearbeitung: refers cases, obtains consents, follows up. */
  CASEWORKER = 'caseworker',
  /** Koordination: runs the case conferences (at the Jugendamt), assigns tasks. */
  COORDINATOR = 'coordinator',
  /** Administration of the JBA's settings and accounts. */
  ADMIN = 'admin',
  /**
   * Datenschutzbeauftragte(r) of the JBA: reads the audit (case, staff member, period), the
   * access report for a young person, and decides erasure requests. Sees no case content.
   */
  DATA_PROTECTION_OFFICER = 'data-protection-officer',
}

export const ROLES = Object.values(Role);

export const ROLE_LABELS: Record<Role, string> = {
  [Role.CASEWORKER]: 'Sachbearbeitung',
  [Role.COORDINATOR]: 'Koordination',
  [Role.ADMIN]: 'Administration',
  [Role.DATA_PROTECTION_OFFICER]: 'Datenschutzbeauftragte',
};
