import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { hashPassword } from '@lotse/identity';

export interface TestInstitution {
  id: string;
  name: string;
  email: string;
}

export interface TestJba {
  id: string;
  name: string;
  municipality: string;
  inst: Record<'AA' | 'JC' | 'JA' | 'BK' | 'JMD', TestInstitution>;
  /** Usernames (password `lotse-demo`). */
  users: {
    jcCaseworker: string;
    jaCaseworker: string;
    jaCoordinator: string;
    aaCaseworker: string;
    jcCoordinator: string;
    jaAdmin: string;
    jcAdmin: string;
  };
}

const KINDS = {
  AA: ['employment-agency', 'Agentur für Arbeit'],
  JC: ['job-centre', 'Jobcenter'],
  JA: ['youth-welfare-office', 'Jugendamt'],
  BK: ['school', 'Berufskolleg'],
  JMD: ['youth-migration-service', 'Jugendmigrationsdienst'],
} as const;

/**
 * A Jugendberufsagentur of its own for one test (own town, partners, accounts), so agendas and
 * mails of that test are not mixed with other tests' cases.
 */
export async function createJba(db: DataSource): Promise<TestJba> {
  const tag = randomUUID().slice(0, 8);
  const jbaId = randomUUID();
  const municipality = `Teststadt-${tag}`;
  const name = `Jugendberufsagentur ${municipality}`;
  const inst = {} as TestJba['inst'];
  await db.query(
    `insert into jba (id, name, municipality, age_limit, consent_reminder_interval, consent_deadline, call_for_referrals_lead_time)
     values ($1, $2, $3, 25, 'P14D', 'P56D', 'P28D')`,
    [jbaId, name, municipality],
  );
  for (const [abbr, [kind, label]] of Object.entries(KINDS) as Array<
    [keyof typeof KINDS, readonly [string, string]]
  >) {
    const id = randomUUID();
    const email = `${abbr.toLowerCase()}-${tag}@partner.test`;
    inst[abbr] = { id, name: `${label} ${municipality}`, email };
    await db.query(
      `insert into institution (id, jba_id, kind, name, contact_email) values ($1, $2, $3, $4, $5)`,
      [id, jbaId, kind, inst[abbr].name, email],
    );
  }
  await db.query(`update jba set coordinating_institution_id = $2 where id = $1`, [
    jbaId,
    inst.JA.id,
  ]);
  const hash = await hashPassword('lotse-demo');
  const users = {
    jcCaseworker: `jc.sb.${tag}`,
    jcCoordinator: `jc.ko.${tag}`,
    jaCaseworker: `ja.sb.${tag}`,
    jaCoordinator: `ja.ko.${tag}`,
    aaCaseworker: `aa.sb.${tag}`,
    jaAdmin: `ja.adm.${tag}`,
    jcAdmin: `jc.adm.${tag}`,
  };
  const accounts: Array<[string, TestInstitution, string]> = [
    [users.jcCaseworker, inst.JC, 'caseworker'],
    [users.jcCoordinator, inst.JC, 'coordinator'],
    [users.jaCaseworker, inst.JA, 'caseworker'],
    [users.jaCoordinator, inst.JA, 'coordinator'],
    [users.aaCaseworker, inst.AA, 'caseworker'],
    [users.jaAdmin, inst.JA, 'admin'],
    [users.jcAdmin, inst.JC, 'admin'],
  ];
  for (const [username, i, role] of accounts) {
    await db.query(
      `insert into staff_user (username, display_name, email, password_hash, institution_id, roles) values ($1, $2, $3, $4, $5, $6)`,
      [username, `${role} ${username}`, `${username}@partner.test`, hash, i.id, [role]],
    );
  }
  return { id: jbaId, name, municipality, inst, users };
}
