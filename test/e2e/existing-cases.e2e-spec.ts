import { randomUUID } from 'node:crypto';
import { Api, Lotse, referralInStatus, signIn, startLotse } from '../harness/lotse';
import { birthDateForAge, isoDaysAgo, referralIn } from '../harness/fixtures';
import { createJba, TestJba } from '../harness/jba-fixture';

/**
 * Doppelbetreuung: a referrer learns that the young person already has an open case in the JBA
 * and who coordinates it; which case, only when a valid consent names the referrer's institution.
 */
describe('Existing cases of a young person', () => {
  let lotse: Lotse;
  let jba: TestJba;
  let jc: Api;
  let aa: Api;

  beforeAll(async () => {
    lotse = await startLotse();
    jba = await createJba(lotse.db);
    jc = await signIn(lotse.baseUrl, jba.users.jcCaseworker);
    aa = await signIn(lotse.baseUrl, jba.users.aaCaseworker);
  });
  afterAll(() => lotse?.close());

  /** A young person nobody else's test uses. */
  function person(overrides: Record<string, string> = {}) {
    return {
      firstName: 'Jana',
      lastName: `Beispiel-${randomUUID().slice(0, 8)}`,
      birthDate: birthDateForAge(19),
      ...overrides,
    };
  }

  async function refer(
    api: Api,
    who: Record<string, string>,
    opts: { recipients: string[]; from?: string; shortDescription?: string },
  ) {
    const res = await api.post(
      '/api/v1/referrals',
      referralIn(
        jba,
        opts.recipients,
        {
          referringInstitutionId: opts.from ?? jba.inst.JC.id,
          ...(opts.shortDescription ? { shortDescription: opts.shortDescription } : {}),
        },
        who,
      ),
    );
    expect(res.status).toBe(202);
    return res.body;
  }

  const check = (api: Api, who: Record<string, string>) =>
    api.post('/api/v1/referrals/existing-cases', who);

  const coordination = () => ({
    id: jba.inst.JA.id,
    name: jba.inst.JA.name,
    contactEmail: jba.inst.JA.email,
  });

  it('finds nothing for a young person without a case, and audits the lookup', async () => {
    const res = await check(aa, person());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [] });
    const [entry] = await lotse.db.query(
      `select referral_id, detail from audit_entry
        where action = 'existing-cases-checked' and recipient_institution_id = $1
        order by id desc limit 1`,
      [jba.inst.AA.id],
    );
    expect(entry).toEqual({
      referral_id: null,
      detail: { where: 'existing-cases', matches: 0 },
    });
  });

  it('shows the case to an institution its consent names (names compared trimmed, case- and NFC-insensitive)', async () => {
    const who = person({ firstName: 'Zoë', lastName: `Müller-${randomUUID().slice(0, 8)}` });
    const accepted = await refer(jc, who, { recipients: [jba.inst.JC.id, jba.inst.AA.id] });

    const res = await check(aa, {
      firstName: ` ${who.firstName.toUpperCase().normalize('NFD')}  `,
      lastName: who.lastName.toLowerCase().normalize('NFD'),
      birthDate: who.birthDate,
    });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    const [item] = res.body.items;
    expect(item).toMatchObject({
      coordinatingInstitution: coordination(),
      referringInstitution: { id: jba.inst.JC.id, name: jba.inst.JC.name },
      since: isoDaysAgo(0),
      caseId: accepted.id,
      reference: accepted.reference,
    });
    expect(item.statusLabel).not.toBe('');

    // The audit names the consent it was shown on, and nothing about the person.
    const [entry] = await lotse.db.query(
      `select consent_id, detail from audit_entry
        where action = 'existing-cases-checked' and referral_id = $1`,
      [accepted.id],
    );
    expect(entry.consent_id).toEqual(expect.any(String));
    expect(entry.detail).toEqual({ where: 'existing-cases', disclosed: 'consent' });
  });

  it('shows only who coordinates and since when to an institution the consent does not name', async () => {
    const who = person();
    const shortDescription = `Kurzbeschreibung ${randomUUID()}`;
    const accepted = await refer(jc, who, {
      recipients: [jba.inst.JC.id, jba.inst.JA.id],
      shortDescription,
    });

    const res = await check(aa, who);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        coordinatingInstitution: coordination(),
        referringInstitution: null,
        since: isoDaysAgo(0),
        statusLabel: '',
        caseId: null,
        reference: null,
      },
    ]);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(shortDescription);
    expect(text).not.toContain(accepted.reference);
    expect(text).not.toContain(accepted.id);

    const [entry] = await lotse.db.query(
      `select consent_id, detail from audit_entry
        where action = 'existing-cases-checked' and referral_id = $1`,
      [accepted.id],
    );
    expect(entry).toEqual({
      consent_id: null,
      detail: { where: 'existing-cases', disclosed: 'coordination-only' },
    });
    expect(JSON.stringify(entry)).not.toContain(who.lastName);

    // The referrer itself always sees its case.
    const own = await check(jc, who);
    expect(own.body.items).toMatchObject([{ caseId: accepted.id, reference: accepted.reference }]);
  });

  it('does not count a closed case (ineligible: too old)', async () => {
    const who = person({ birthDate: birthDateForAge(30) });
    const accepted = await refer(jc, who, { recipients: [jba.inst.JC.id, jba.inst.AA.id] });
    await referralInStatus(jc, accepted.id, 'ineligible');
    const res = await check(aa, who);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [] });
  });

  it('names every bad field', async () => {
    const fields = (body: { errors?: Array<{ field: string }> }) =>
      (body.errors ?? []).map((e) => e.field).sort();
    let res = await check(aa, {});
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation');
    expect(fields(res.body)).toEqual(['birthDate', 'firstName', 'lastName']);

    res = await aa.post('/api/v1/referrals/existing-cases', {
      firstName: '   ',
      lastName: 'Muster',
      birthDate: '2007-02-30',
      municipality: 'Eschweiler',
    });
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['birthDate', 'firstName', 'municipality']);
  });

  it('answers a new referral with the other open cases of the young person', async () => {
    const who = person();
    const first = await refer(jc, who, { recipients: [jba.inst.JC.id, jba.inst.JA.id] });
    expect(first.existingCases).toEqual([]);

    // A second case is accepted; the Agentur learns that the Jugendamt coordinates one already.
    const second = await refer(aa, who, {
      recipients: [jba.inst.AA.id, jba.inst.JA.id],
      from: jba.inst.AA.id,
    });
    expect(second.id).not.toBe(first.id);
    expect(second.existingCases).toEqual([
      {
        coordinatingInstitution: coordination(),
        referringInstitution: null,
        since: isoDaysAgo(0),
        statusLabel: '',
        caseId: null,
        reference: null,
      },
    ]);

    // Each case by its own consent: the job centre sees its case, not the Agentur's.
    const res = await check(jc, who);
    const byCase = new Map(
      res.body.items.map((i: { caseId: string | null }) => [i.caseId, i] as const),
    );
    expect(res.body.items).toHaveLength(2);
    expect(byCase.get(first.id)).toMatchObject({ reference: first.reference });
    expect(byCase.get(null)).toMatchObject({ reference: null, referringInstitution: null });
  });

  it('names the referrer as the coordination when the JBA has no coordinating institution', async () => {
    const other = await createJba(lotse.db);
    await lotse.db.query(`update jba set coordinating_institution_id = null where id = $1`, [
      other.id,
    ]);
    const jcOther = await signIn(lotse.baseUrl, other.users.jcCaseworker);
    const aaOther = await signIn(lotse.baseUrl, other.users.aaCaseworker);
    const who = person();
    const accepted = await jcOther.post(
      '/api/v1/referrals',
      referralIn(other, [other.inst.JC.id, other.inst.JA.id], {}, who),
    );
    expect(accepted.status).toBe(202);

    const res = await check(aaOther, who);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        coordinatingInstitution: {
          id: other.inst.JC.id,
          name: other.inst.JC.name,
          contactEmail: other.inst.JC.email,
        },
        caseId: null,
      }),
    ]);
    // Another JBA's cases are not this JBA's business.
    expect((await check(aa, who)).body).toEqual({ items: [] });
  });
});
