import { EntityManager } from 'typeorm';
import { InstitutionKind } from './institution-kind';

/** The demo Jugendberufsagentur (README lists it); fixed ids so that links and docs stay valid. */
export const DEMO_JBA = {
  id: '0a000000-0000-4000-8000-000000000001',
  name: 'Jugendberufsagentur Eschweiler',
  municipality: 'Eschweiler',
  federalState: 'NW',
  ageLimit: 25,
  consentReminderInterval: 'P14D',
  consentDeadline: 'P56D',
};

export const DEMO_INSTITUTIONS = {
  AA: {
    id: '0a000000-0000-4000-8000-0000000000a1',
    kind: InstitutionKind.EMPLOYMENT_AGENCY,
    name: 'Agentur für Arbeit Aachen-Düren, Berufsberatung',
    contactEmail: 'berufsberatung@aa.jba-eschweiler.example',
  },
  JC: {
    id: '0a000000-0000-4000-8000-0000000000a2',
    kind: InstitutionKind.JOB_CENTRE,
    name: 'Jobcenter StädteRegion Aachen, Geschäftsstelle Eschweiler',
    contactEmail: 'u25@jc.jba-eschweiler.example',
  },
  JA: {
    id: '0a000000-0000-4000-8000-0000000000a3',
    kind: InstitutionKind.YOUTH_WELFARE_OFFICE,
    name: 'Jugendamt Eschweiler',
    contactEmail: 'jugendberufsagentur@ja.jba-eschweiler.example',
  },
  BK: {
    id: '0a000000-0000-4000-8000-0000000000a4',
    kind: InstitutionKind.SCHOOL,
    name: 'Berufskolleg Eschweiler',
    contactEmail: 'sekretariat@bk.jba-eschweiler.example',
  },
  JMD: {
    id: '0a000000-0000-4000-8000-0000000000a5',
    kind: InstitutionKind.YOUTH_MIGRATION_SERVICE,
    name: 'Jugendmigrationsdienst Eschweiler',
    contactEmail: 'jmd@jmd.jba-eschweiler.example',
  },
  BB: {
    id: '0a000000-0000-4000-8000-0000000000a6',
    kind: InstitutionKind.EDUCATION_OFFICE,
    name: 'Bildungsbüro StädteRegion Aachen',
    contactEmail: 'bildungsbuero@bb.jba-eschweiler.example',
  },
} as const;

/** Creates or refreshes the demo JBA and its partners. Idempotent. */
export async function seedDemoInstitutions(m: EntityManager): Promise<void> {
  const j = DEMO_JBA;
  await m.query(
    `insert into jba (id, name, municipality, age_limit, consent_reminder_interval, consent_deadline)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (id) do update set name = excluded.name, municipality = excluded.municipality`,
    [j.id, j.name, j.municipality, j.ageLimit, j.consentReminderInterval, j.consentDeadline],
  );
  for (const i of Object.values(DEMO_INSTITUTIONS)) {
    await m.query(
      `insert into institution (id, jba_id, kind, name, contact_email) values ($1, $2, $3, $4, $5)
       on conflict (id) do update set name = excluded.name, contact_email = excluded.contact_email`,
      [i.id, j.id, i.kind, i.name, i.contactEmail],
    );
  }
  // Eschweiler lies in Nordrhein-Westfalen (its holidays for conference dates); set once.
  await m.query(`update jba set federal_state = $2 where id = $1 and federal_state is null`, [
    j.id,
    j.federalState,
  ]);
  // The Jugendamt coordinates the conferences.
  await m.query(
    `update jba set coordinating_institution_id = $2 where id = $1 and coordinating_institution_id is null`,
    [j.id, DEMO_INSTITUTIONS.JA.id],
  );
}
