import { EntityManager } from 'typeorm';
import type { Environment } from '@lotse/common';
import { InstitutionKind } from '@lotse/institution';
import { hashPassword } from './password';
import { Role } from './role';

/**
 * A production install's first account (instead of demo data): an admin from configuration
 * (INITIAL_ADMIN_*), who must set a new password at the first sign-in. Made once: when the
 * account exists, nothing changes (its password is never reset from configuration). Its
 * institution is the one named INITIAL_INSTITUTION_NAME; when there is none, a Jugendamt of
 * that name is made, in a JBA (INITIAL_JBA_NAME, INITIAL_JBA_MUNICIPALITY) it coordinates.
 * Returns what it did, for the log.
 */
export async function seedInitialAdmin(m: EntityManager, env: Environment): Promise<string> {
  const username = env.INITIAL_ADMIN_USERNAME;
  if (!username) return 'no initial admin configured (INITIAL_ADMIN_USERNAME)';
  const [existing] = await m.query(`select id from staff_user where username = $1`, [username]);
  if (existing) return `initial admin ${username} exists`;
  const missing = (names: Array<keyof Environment>) => {
    const absent = names.filter((n) => !env[n]);
    if (absent.length) throw new Error(`initial admin: set ${absent.join(', ')}`);
  };
  missing(['INITIAL_ADMIN_PASSWORD', 'INITIAL_INSTITUTION_NAME']);
  let [institution] = (await m.query(`select id from institution where name = $1`, [
    env.INITIAL_INSTITUTION_NAME,
  ])) as Array<{ id: string }>;
  if (!institution) {
    missing(['INITIAL_JBA_NAME', 'INITIAL_JBA_MUNICIPALITY', 'INITIAL_ADMIN_EMAIL']);
    const [jba] = await m.query(
      `insert into jba (name, municipality) values ($1, $2) returning id`,
      [env.INITIAL_JBA_NAME, env.INITIAL_JBA_MUNICIPALITY],
    );
    [institution] = await m.query(
      `insert into institution (jba_id, kind, name, contact_email) values ($1, $2, $3, $4)
       returning id`,
      [
        jba.id,
        InstitutionKind.YOUTH_WELFARE_OFFICE,
        env.INITIAL_INSTITUTION_NAME,
        env.INITIAL_ADMIN_EMAIL,
      ],
    );
    await m.query(`update jba set coordinating_institution_id = $2 where id = $1`, [
      jba.id,
      institution.id,
    ]);
  }
  await m.query(
    `insert into staff_user (username, display_name, email, password_hash, institution_id, roles,
                             must_change_password)
     values ($1, $2, $3, $4, $5, $6, true)`,
    [
      username,
      'Administration',
      env.INITIAL_ADMIN_EMAIL ?? null,
      await hashPassword(env.INITIAL_ADMIN_PASSWORD!),
      institution.id,
      [Role.ADMIN],
    ],
  );
  return `initial admin ${username} created (must set a new password at the first sign-in)`;
}
