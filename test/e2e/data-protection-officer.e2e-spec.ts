import { randomUUID } from 'node:crypto';
import { germanDate, todayIso } from '@lotse/common';
import { hashPassword } from '@lotse/identity';
import { Api, Lotse, signIn, startLotse } from '../harness/lotse';
import { createJba, TestJba } from '../harness/jba-fixture';
import { pdfText } from '../harness/pdf';
import { birthDateForAge, referralIn } from '../harness/fixtures';

/** A data protection officer (Datenschutzbeauftragte) at the Jugendamt of a test JBA. */
async function addOfficer(lotse: Lotse, jba: TestJba): Promise<string> {
  const username = `dsb.${randomUUID().slice(0, 8)}`;
  await lotse.db.query(
    `insert into staff_user (username, display_name, email, password_hash, institution_id, roles)
     values ($1, $2, $3, $4, $5, $6)`,
    [
      username,
      `Datenschutz ${jba.municipality}`,
      `${username}@partner.test`,
      await hashPassword('lotse-demo'),
      jba.inst.JA.id,
      ['data-protection-officer'],
    ],
  );
  return username;
}

/** One CSV line (`;`, fields quoted with `"` where needed) as its fields. */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

const dayAfter = (iso: string) =>
  new Date(Date.parse(`${iso}T12:00:00Z`) + 24 * 3600 * 1000).toISOString().slice(0, 10);

/**
 * The data protection officer of a JBA (issue 12): the audit of a case, of a staff member and
 * of a period as a page, CSV and JSON; the access report (Art. 15 DSGVO) on a young person;
 * nothing for other roles, nothing of another JBA.
 */
describe('The data protection officer', () => {
  let lotse: Lotse;
  let jba: TestJba;
  let other: TestJba;
  let dsb: Api;
  let dsbAuth: string;
  let caseId: string;
  let reference: string;
  let consentId: string;
  const lastName = `Auskunft-${randomUUID().slice(0, 8)}`;
  const birthDate = birthDateForAge(20);

  beforeAll(async () => {
    lotse = await startLotse({ worker: false });
    jba = await createJba(lotse.db);
    other = await createJba(lotse.db);
    const jc = await signIn(lotse.baseUrl, jba.users.jcCaseworker);
    const accepted = await jc.post(
      '/api/v1/referrals',
      referralIn(
        jba,
        [jba.inst.JC.id, jba.inst.JA.id, jba.inst.AA.id],
        {},
        {
          firstName: 'Mira',
          lastName,
          birthDate,
          email: 'mira@young.test',
        },
      ),
    );
    expect(accepted.status).toBe(202);
    caseId = accepted.body.id;
    reference = accepted.body.reference;
    const view = await jc.get(`/api/v1/referrals/${caseId}`);
    consentId = view.body.consents[0].id;
    // Two partners the consent names read the case: each read is a disclosure on the consent.
    const aa = await signIn(lotse.baseUrl, jba.users.aaCaseworker);
    const ja = await signIn(lotse.baseUrl, jba.users.jaCaseworker);
    expect((await aa.get(`/api/v1/referrals/${caseId}`)).status).toBe(200);
    expect((await aa.get(`/api/v1/referrals/${caseId}`)).status).toBe(200);
    expect((await ja.get(`/api/v1/referrals/${caseId}`)).status).toBe(200);
    // Something the young person entrusted to the Jugendamt (§ 65 SGB VIII).
    const note = await ja.post(`/api/v1/referrals/${caseId}/entrusted-notes`, {
      text: 'Hat von Schwierigkeiten in der Familie erzählt.',
    });
    expect(note.status).toBe(201);
    const officer = await addOfficer(lotse, jba);
    dsb = await signIn(lotse.baseUrl, officer);
    const login = await fetch(`${lotse.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: officer, password: 'lotse-demo', tokenType: 'bearer' }),
    });
    dsbAuth = `Bearer ${((await login.json()) as { token: string }).token}`;
  });
  afterAll(() => lotse?.close());

  it('lists the audit of one case by its reference: who read it, where, on which consent', async () => {
    const res = await dsb.get(`/api/v1/data-protection/audit?case=${reference}`);
    expect(res.status).toBe(200);
    const items = res.body.items as any[];
    expect(res.body.total).toBe(items.length);
    expect(items.every((r) => r.case?.reference === reference)).toBe(true);
    // Reads by partners the consent names (the referrer's own reads carry no consent).
    const reads = items.filter(
      (r) => r.action === 'personal-data-read' && r.institution?.id !== jba.inst.JC.id,
    );
    expect(reads.filter((r) => r.actor?.username === jba.users.aaCaseworker)).toHaveLength(2);
    expect(reads.filter((r) => r.actor?.username === jba.users.jaCaseworker)).toHaveLength(1);
    expect(reads[0]).toMatchObject({
      actionLabel: 'Personenbezogene Daten abgerufen',
      consent: { id: consentId },
    });
    expect(reads.map((r) => r.institution?.name).sort()).toEqual(
      [jba.inst.AA.name, jba.inst.AA.name, jba.inst.JA.name].sort(),
    );
    expect(items.map((r) => r.action)).toContain('consent-recorded');
    // Newest first on the page.
    const times = items.map((r) => r.at);
    expect([...times].sort().reverse()).toEqual(times);
    // The same by case id.
    const byId = await dsb.get(`/api/v1/data-protection/audit?case=${caseId}`);
    expect(byId.body.total).toBe(res.body.total);
  });

  it('downloads the audit of the case as CSV for German Excel and as JSON, and audits that', async () => {
    const page = await dsb.get(`/api/v1/data-protection/audit?case=${reference}`);
    const csv = await dsb.bytes(`/api/v1/data-protection/audit?case=${reference}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="Protokollauszug-${reference}-\\d{8}\\.csv"$`),
    );
    expect([...csv.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.body.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('Zeitpunkt;Aktion;Mitarbeiter*in;Institution;Fall;Einwilligung;Details');
    expect(lines).toHaveLength(page.body.total + 1);
    const aaRows = lines.filter((l) => l.includes(`(${jba.users.aaCaseworker})`));
    expect(aaRows).toHaveLength(2);
    expect(csvFields(aaRows[0])).toEqual([
      expect.stringMatching(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}$/),
      'Personenbezogene Daten abgerufen',
      expect.stringContaining(jba.users.aaCaseworker),
      jba.inst.AA.name,
      reference,
      expect.stringContaining(consentId),
      expect.stringContaining('Ansicht: '),
    ]);
    // No young person's name in the audit.
    expect(csv.body.toString('utf8')).not.toContain(lastName);

    const json = await dsb.bytes(`/api/v1/data-protection/audit?case=${reference}&format=json`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.json"$/);
    const parsed = JSON.parse(json.body.toString('utf8'));
    expect(parsed.filter).toMatchObject({ case: reference });
    // The CSV download is in the audit now, too (an entry of the case).
    expect(parsed.items.length).toBe(page.body.total + 1);
    expect(parsed.items.at(-1)).toMatchObject({
      action: 'audit-exported',
      actor: { username: expect.stringMatching(/^dsb\./) },
    });
  });

  it('lists the audit of one staff member, by username or id', async () => {
    const res = await dsb.get(`/api/v1/data-protection/audit?staff=${jba.users.aaCaseworker}`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2);
    expect(res.body.items.every((r: any) => r.actor.username === jba.users.aaCaseworker)).toBe(
      true,
    );
    const id = res.body.items[0].actor.id;
    const byId = await dsb.get(`/api/v1/data-protection/audit?staff=${id}`);
    expect(byId.body.total).toBe(2);
  });

  it('filters by a period (German or ISO dates) and names each bad filter', async () => {
    const today = todayIso();
    const tomorrow = dayAfter(today);
    const inPeriod = await dsb.get(
      `/api/v1/data-protection/audit?case=${reference}&from=${germanDate(today)}&to=${today}`,
    );
    expect(inPeriod.status).toBe(200);
    expect(inPeriod.body.total).toBeGreaterThanOrEqual(4);
    const later = await dsb.get(`/api/v1/data-protection/audit?case=${reference}&from=${tomorrow}`);
    expect(later.body).toMatchObject({ total: 0, items: [] });
    const paged = await dsb.get(
      `/api/v1/data-protection/audit?case=${reference}&page=2&pageSize=2`,
    );
    expect(paged.body).toMatchObject({ page: 2, pageSize: 2 });
    expect(paged.body.items).toHaveLength(2);

    const bad = await dsb.get(
      `/api/v1/data-protection/audit?from=${tomorrow}&to=${today}&format=xls`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['format', 'to']);
    const notADate = await dsb.get('/api/v1/data-protection/audit?from=31.02.2026');
    expect(notADate.status).toBe(400);
    expect(notADate.body.errors[0].field).toBe('from');
    const unknownCase = await dsb.get('/api/v1/data-protection/audit?case=FM-1999-99999');
    expect(unknownCase.status).toBe(400);
    expect(unknownCase.body.errors[0]).toMatchObject({ field: 'case' });
    const unknownParam = await dsb.get('/api/v1/data-protection/audit?name=x');
    expect(unknownParam.status).toBe(400);
    expect(unknownParam.body.errors[0].field).toBe('name');
  });

  it('is for the data protection officer only: caseworker, coordinator and admin get 403', async () => {
    for (const username of [jba.users.jcCaseworker, jba.users.jaCoordinator, jba.users.jaAdmin]) {
      const user = await signIn(lotse.baseUrl, username);
      expect((await user.get('/api/v1/data-protection/audit')).status).toBe(403);
      expect(
        (await user.get(`/api/v1/data-protection/audit?case=${reference}&format=csv`)).status,
      ).toBe(403);
      expect(
        (await user.post('/api/v1/data-protection/access-report', { case: reference })).status,
      ).toBe(403);
    }
  });

  it('shows the officer of another JBA nothing of this JBA', async () => {
    const foreign = await signIn(lotse.baseUrl, await addOfficer(lotse, other));
    const byCase = await foreign.get(`/api/v1/data-protection/audit?case=${reference}`);
    expect(byCase.status).toBe(400);
    expect(byCase.body.errors[0].field).toBe('case');
    const byStaff = await foreign.get(
      `/api/v1/data-protection/audit?staff=${jba.users.aaCaseworker}`,
    );
    expect(byStaff.status).toBe(400);
    const all = await foreign.get('/api/v1/data-protection/audit?pageSize=100');
    expect(all.status).toBe(200);
    expect(JSON.stringify(all.body)).not.toContain(caseId);
    expect(JSON.stringify(all.body)).not.toContain(jba.users.aaCaseworker);
    const report = await foreign.post('/api/v1/data-protection/access-report', {
      firstName: 'Mira',
      lastName,
      birthDate,
    });
    expect(report.status).toBe(404);
    expect(JSON.stringify(report.body)).not.toContain(reference);
  });

  it('gives the access report: stored data, the referrer, the consents and who received what', async () => {
    const res = await dsb.post('/api/v1/data-protection/access-report', {
      firstName: 'mira',
      lastName: lastName.toUpperCase(),
      birthDate: germanDate(birthDate),
    });
    expect(res.status).toBe(200);
    const report = res.body;
    expect(report.person).toEqual({ firstName: 'Mira', lastName, birthDate });
    expect(report.personalData[0].fields).toEqual(
      expect.arrayContaining([
        { label: 'Nachname', value: lastName },
        { label: 'Geburtsdatum', value: germanDate(birthDate) },
        { label: 'E-Mail', value: 'mira@young.test' },
      ]),
    );
    expect(report.cases).toHaveLength(1);
    const c = report.cases[0];
    expect(c).toMatchObject({
      reference,
      referringInstitution: { name: jba.inst.JC.name },
      referredBy: { username: jba.users.jcCaseworker },
      statusLabel: expect.any(String),
    });
    expect(c.consents).toHaveLength(1);
    expect(c.entrustedNotes).toEqual([
      {
        institution: jba.inst.JA.name,
        recordedAt: expect.any(String),
        text: 'Hat von Schwierigkeiten in der Familie erzählt.',
      },
    ]);
    expect(c.consents[0]).toMatchObject({
      id: consentId,
      grantedByLabel: 'der junge Mensch selbst',
      valid: true,
      recordedBy: { username: jba.users.jcCaseworker },
      purposeLabels: expect.arrayContaining(['Besprechung in der Fallkonferenz']),
    });
    expect(c.consents[0].recipients.map((r: { name: string }) => r.name).sort()).toEqual(
      [jba.inst.JC.name, jba.inst.JA.name, jba.inst.AA.name].sort(),
    );
    const reads = c.disclosures.filter(
      (d: any) => d.action === 'personal-data-read' && d.institution?.id !== jba.inst.JC.id,
    );
    expect(reads.map((d: any) => d.institution.name).sort()).toEqual(
      [jba.inst.AA.name, jba.inst.AA.name, jba.inst.JA.name].sort(),
    );
    expect(reads.every((d: any) => d.consent?.id === consentId)).toBe(true);

    // Producing the report is audited with ids only.
    const audit = await dsb.get(`/api/v1/data-protection/audit?case=${reference}`);
    const created = audit.body.items.filter((r: any) => r.action === 'access-report-created');
    expect(created).toHaveLength(1);
    expect(created[0].actionLabel).toBe('Auskunft (Art. 15 DSGVO) erstellt');
    const [row] = await lotse.db.query(
      `select detail from audit_entry where action = 'access-report-created' and referral_id = $1`,
      [caseId],
    );
    expect(JSON.stringify(row.detail)).not.toContain(lastName);

    // The same report from the case reference, and as a JSON download.
    const byCase = await dsb.post('/api/v1/data-protection/access-report', {
      case: reference,
      format: 'json',
    });
    expect(byCase.status).toBe(200);
    expect(byCase.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="Auskunft-${reference}-\\d{8}\\.json"$`),
    );
    expect(byCase.body.cases[0].reference).toBe(reference);

    // And as a printable PDF that names the referrer, the consent's recipients and the readers.
    const pdf = await fetch(`${lotse.baseUrl}/api/v1/data-protection/access-report`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: dsbAuth },
      body: JSON.stringify({ case: reference, format: 'pdf' }),
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="Auskunft-${reference}-\\d{8}\\.pdf"$`),
    );
    const text = await pdfText(Buffer.from(await pdf.arrayBuffer()));
    expect(text).toContain('Auskunft nach Art. 15 DSGVO');
    expect(text).toContain(`Fall ${reference}`);
    expect(text).toContain(`${lastName}, geb. ${germanDate(birthDate)}`);
    for (const i of [jba.inst.JC, jba.inst.JA, jba.inst.AA]) expect(text).toContain(i.name);
    expect(text).toContain(jba.users.aaCaseworker);
  });

  it('names the fields of an incomplete search', async () => {
    const empty = await dsb.post('/api/v1/data-protection/access-report', {});
    expect(empty.status).toBe(400);
    expect(empty.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['case', 'firstName', 'lastName', 'birthDate']),
    );
    const badDate = await dsb.post('/api/v1/data-protection/access-report', {
      firstName: 'Mira',
      lastName,
      birthDate: '2005-13-01',
    });
    expect(badDate.status).toBe(400);
    expect(badDate.body.errors.map((e: { field: string }) => e.field)).toEqual(['birthDate']);
    const badFormat = await dsb.post('/api/v1/data-protection/access-report', {
      case: reference,
      format: 'xml',
    });
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.errors[0].field).toBe('format');
  });
});
