import { DataSource } from 'typeorm';
import { adultConsent, isoDaysAgo, referralIn } from './fixtures';
import type { TestJba } from './jba-fixture';
import { Api, DAY_MS, eventually, testEngine } from './lotse';

/**
 * An open measure agreed for another case at an earlier conference (held 30 days ago): what a
 * protocol's double-support check must find. Written as rows, since the other case's own
 * conference and protocol are not the subject of the test.
 */
export async function measureInAnotherCase(
  db: DataSource,
  o: {
    referralId: string;
    jbaId: string;
    institutionId: string;
    kind: string;
    startsOn: string;
    dueOn: string;
  },
): Promise<void> {
  const [conference] = await db.query(
    `insert into conference (jba_id, kind, starts_at, ends_at, place, capacity, referral_deadline, call_for_referrals_at, status, version)
     values ($1, 'extraordinary', now() - interval '30 days', now() - interval '30 days' + interval '2 hours',
             'Agentur für Arbeit', 4, now() - interval '35 days', now() - interval '60 days', 'held', 1)
     returning id`,
    [o.jbaId],
  );
  const [protocol] = await db.query(
    `insert into protocol (referral_id, conference_id, state, current_version, version)
     values ($1, $2, 'final', 1, 1) returning id`,
    [o.referralId, conference.id],
  );
  await db.query(
    `insert into measure (referral_id, protocol_id, position, title, kind, institution_id, contact_name, starts_on, due_on)
     values ($1, $2, 0, 'BvB', $3, $4, 'Herr Berater', $5, $6)`,
    [o.referralId, protocol.id, o.kind, o.institutionId, o.startsOn, o.dueOn],
  );
}

/** "Now" for planning: the later of the wall clock and the engine's (moved) clock. */
export const engineNow = async (): Promise<number> =>
  Math.max(Date.now(), (await testEngine.now()).getTime());

export const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The id of the open task `elementId` of a case, as `api`'s user sees it in the task list. */
export function caseTask(api: Api, caseId: string, elementId: string): Promise<string> {
  return eventually(
    async () => {
      const list = await api.get(`/api/v1/tasks?type=${elementId}&pageSize=100`);
      return (list.body.items as Array<{ id: string; caseId: string }>).find(
        (t) => t.caseId === caseId,
      )?.id;
    },
    { what: `task ${elementId} of the case`, timeoutMs: 60_000 },
  );
}

/**
 * Plans an extraordinary date, moves the engine's clock past its deadline (the cases are
 * scheduled, as `observer` sees them) and to the date, and holds it with `caseIds` discussed.
 */
export async function holdConference(o: {
  coordinator: Api;
  observer: Api;
  caseIds: string[];
  present: string[];
}): Promise<string> {
  const statusOf = async (id: string) =>
    (await o.observer.get(`/api/v1/referrals/${id}`)).body.status as string;
  const t0 = await engineNow();
  const planned = await o.coordinator.post('/api/v1/conferences', {
    kind: 'extraordinary',
    startsAt: new Date(t0 + 10 * DAY_MS).toISOString(),
    place: 'Jugendamt, Raum 3',
    capacity: 5,
    referralDeadline: new Date(t0 + 5 * DAY_MS).toISOString(),
  });
  if (planned.status !== 201) throw new Error(`conference not planned: ${planned.status}`);
  await testEngine.advanceClock(6 * DAY_MS);
  await eventually(
    async () =>
      (await Promise.all(o.caseIds.map(statusOf))).every((s) => s === 'scheduled') || undefined,
    { what: 'the cases to be scheduled' },
  );
  await testEngine.advanceClock(5 * DAY_MS);
  const conduct = await eventually(
    async () =>
      (
        (await o.coordinator.get('/api/v1/tasks?type=Task_ConductConference&pageSize=100')).body
          .items as Array<{ id: string; conferenceId: string }>
      ).find((t) => t.conferenceId === planned.body.id)?.id,
    { what: 'the conduct-conference task' },
  );
  const held = await o.coordinator.post(`/api/v1/tasks/${conduct}/complete`, {
    variables: { presentInstitutions: o.present, discussedCases: o.caseIds },
  });
  if (held.status !== 200) throw new Error(`conference not held: ${JSON.stringify(held.body)}`);
  return planned.body.id as string;
}

/**
 * A referral of the job centre whose consent names the job centre and the Jugendamt for every
 * purpose (protocol distribution and follow-up included), not the Agentur für Arbeit.
 */
export function followUpReferral(
  jba: TestJba,
  overrides: Record<string, unknown> = {},
  person: Record<string, unknown> = {},
) {
  return referralIn(
    jba,
    [],
    {
      referredOn: isoDaysAgo(3),
      consent: adultConsent({
        recipients: [jba.inst.JC.id, jba.inst.JA.id],
        purposes: ['case-conference', 'information-exchange', 'protocol-distribution', 'follow-up'],
        signedOn: isoDaysAgo(30),
      }),
      ...overrides,
    },
    person,
  );
}
