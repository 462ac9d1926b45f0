import { EntityManager } from 'typeorm';
import { DEMO_INSTITUTIONS } from '@lotse/institution';
import { hashPassword } from './password';
import { Role } from './role';

export const DEMO_PASSWORD = 'lotse-demo';

const ROLE_SUFFIX: Record<Role, string> = {
  [Role.CASEWORKER]: 'sachbearbeitung',
  [Role.COORDINATOR]: 'koordination',
  [Role.ADMIN]: 'admin',
  [Role.DATA_PROTECTION_OFFICER]: 'datenschutz',
};
const ROLE_NAME: Record<Role, string> = {
  [Role.CASEWORKER]: 'Sachbearbeitung',
  [Role.COORDINATOR]: 'Koordination',
  [Role.ADMIN]: 'Administration',
  [Role.DATA_PROTECTION_OFFICER]: 'Datenschutz',
};

/**
 * One demo account per institution and role: `<institution>.<role>`, e.g. `jc.sachbearbeitung`;
 * the JBA's data protection officer once, at the Jugendamt (`ja.datenschutz`).
 */
export function demoUsers() {
  return Object.entries(DEMO_INSTITUTIONS).flatMap(([abbr, inst]) =>
    Object.values(Role)
      .filter((role) => role !== Role.DATA_PROTECTION_OFFICER || abbr === 'JA')
      .map((role) => ({
        username: `${abbr.toLowerCase()}.${ROLE_SUFFIX[role]}`,
        displayName: `${ROLE_NAME[role]} ${abbr}`,
        email: `${abbr.toLowerCase()}.${ROLE_SUFFIX[role]}@jba-eschweiler.example`,
        institutionId: inst.id,
        role,
      })),
  );
}

/** Creates missing demo accounts (password `lotse-demo`); existing ones keep their password. */
export async function seedDemoUsers(m: EntityManager): Promise<void> {
  const existing = new Set<string>(
    (await m.query(`select username from staff_user`)).map((r: { username: string }) => r.username),
  );
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const u of demoUsers()) {
    if (existing.has(u.username)) continue;
    await m.query(
      `insert into staff_user (username, display_name, email, password_hash, institution_id, roles)
       values ($1, $2, $3, $4, $5, $6) on conflict do nothing`,
      [u.username, u.displayName, u.email, hash, u.institutionId, [u.role]],
    );
  }
}
