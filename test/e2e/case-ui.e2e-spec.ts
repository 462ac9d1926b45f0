import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../harness/browser';
import { Api, eventually, Lotse, referralInStatus, signIn, startLotse } from '../harness/lotse';
import { adultConsent, I, isoDaysAgo, referral } from '../harness/fixtures';

const ARTIFACTS = join(__dirname, '../artifacts');

/** dd.mm.yyyy, as the case page writes dates. */
const german = (iso: string) => iso.split('-').reverse().join('.');

/**
 * Issue 13, case list and case page: search by reference and name (the name only where the
 * viewer may see it), a friendly notice for an unknown status filter, the step bar, the diagram
 * behind its details, consent cards, the revocation dialog, a paper-only consent, and no
 * sideways scrolling at 390 px. Plus the API's 400s for the new fields.
 */
describe('Case list and case page (issue 13)', () => {
  let lotse: Lotse;
  let jc: Api;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    lotse = await startLotse();
    jc = await signIn(lotse.baseUrl, 'jc.sachbearbeitung');
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const ctx of contexts) await ctx.close().catch(() => undefined);
    await browser?.close();
    await lotse?.close();
  });

  async function pageOf(username: string, width = 1280, height = 900): Promise<Page> {
    const ctx = await browser.newContext({
      viewport: { width, height },
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
    });
    contexts.push(ctx);
    const p = await ctx.newPage();
    await p.goto(`${lotse.baseUrl}/anmelden`);
    await p.getByLabel('Benutzername').fill(username);
    await p.getByLabel('Passwort').fill('lotse-demo');
    await p.getByRole('button', { name: 'Anmelden' }).click();
    await p.waitForURL('**/aufgaben**');
    return p;
  }

  /** A case of the job centre whose consent names only the job centre and the AA. */
  async function waitingCase(overrides: Record<string, unknown> = {}) {
    const body = referral({
      consent: adultConsent({ recipients: [I.JC.id, I.AA.id] }),
      ...overrides,
    });
    const accepted = await jc.post('/api/v1/referrals', body);
    expect(accepted.status).toBe(202);
    return referralInStatus(jc, accepted.body.id, 'awaiting-conference');
  }

  const scrollWidth = async (p: Page) =>
    (await p.evaluate('document.documentElement.scrollWidth')) as number;

  describe('API', () => {
    it('refuses a consent with neither document hash nor paper-only reason, naming both', async () => {
      const { documentHash: _omitted, ...noHash } = adultConsent();
      const res = await jc.post('/api/v1/referrals', referral({ consent: noHash }));
      expect(res.status).toBe(400);
      const fields = (res.body.errors as Array<{ field: string }>).map((e) => e.field).sort();
      expect(fields).toEqual(['consent.documentHash', 'consent.paperOnlyReason']);
    });

    it('records a paper-only consent without a hash, and shows its reason', async () => {
      const { documentHash: _omitted, ...noHash } = adultConsent();
      const accepted = await jc.post(
        '/api/v1/referrals',
        referral({ consent: { ...noHash, paperOnlyReason: 'Original liegt in der Akte' } }),
      );
      expect(accepted.status).toBe(202);
      const view = (await jc.get(`/api/v1/referrals/${accepted.body.id}`)).body;
      expect(view.consents[0]).toMatchObject({
        documentHash: null,
        paperOnlyReason: 'Original liegt in der Akte',
      });
      expect(view.consents[0].recipientInstitutions.map((i: { name: string }) => i.name)).toEqual(
        expect.arrayContaining([I.JC.name]),
      );
      expect(view.consents[0].purposeLabels).toContain('Besprechung in der Fallkonferenz');
    });

    it('refuses a revocation declared in the future or before the signature, naming declaredOn', async () => {
      const waiting = await waitingCase();
      const url = `/api/v1/referrals/${waiting.id}/consents/${waiting.consents[0].id}/revocation`;
      const future = await jc.post(url, { declaredOn: isoDaysAgo(-2) });
      expect(future.status).toBe(400);
      expect(future.body.errors.map((e: { field: string }) => e.field)).toEqual(['declaredOn']);
      const early = await jc.post(url, { declaredOn: isoDaysAgo(30) });
      expect(early.status).toBe(400);
      expect(early.body.errors.map((e: { field: string }) => e.field)).toEqual(['declaredOn']);
      expect(early.body.errors[0].messages.join(' ')).toMatch(/vor der Unterschrift/);
      const blank = await jc.post(url, { reason: '' });
      expect(blank.status).toBe(400);
      expect(blank.body.errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
      // Still not revoked.
      expect((await jc.get(`/api/v1/referrals/${waiting.id}`)).body.consents[0].revokedAt).toBe(
        null,
      );
    });

    it('searches by reference and name; a name finds nothing where the viewer may not see it', async () => {
      const waiting = await waitingCase();
      const lastName = waiting.youngPerson.lastName as string;
      const byName = await jc.get(`/api/v1/referrals?q=${encodeURIComponent(lastName)}`);
      expect(byName.status).toBe(200);
      expect(byName.body.items.map((i: { id: string }) => i.id)).toEqual([waiting.id]);
      expect(byName.body.items[0].youngPersonName).toBe(`Lena ${lastName}`);
      // The Jugendamt's coordination sees every case of the JBA, but this consent does not name it.
      const ja = await signIn(lotse.baseUrl, 'ja.koordination');
      const jaByName = await ja.get(`/api/v1/referrals?q=${encodeURIComponent(lastName)}`);
      expect(jaByName.body.total).toBe(0);
      const jaByRef = await ja.get(`/api/v1/referrals?q=${waiting.reference}`);
      expect(jaByRef.body.items.map((i: { id: string }) => i.id)).toEqual([waiting.id]);
      expect(jaByRef.body.items[0].youngPersonName).toBeNull();
      const unknown = await jc.get('/api/v1/referrals?status=unsinn');
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors[0].field).toBe('status');
    });
    it('lists and searches a few hundred cases in one go, names only where the consent allows', async () => {
      const tag = randomUUID().slice(0, 8);
      const [{ jba_id: jbaId }] = await lotse.db.query(
        `select jba_id from institution where id = $1`,
        [I.JC.id],
      );
      // 300 waiting cases of the job centre, each with a consent naming the job centre and the Jugendamt.
      await lotse.db.query(
        `with p as (
           insert into young_person (first_name, last_name, birth_date, municipality)
           select 'Mia', 'Volumen-' || $4 || '-' || g, date '2005-01-01', 'Eschweiler'
             from generate_series(1, 300) g returning id),
         r as (
           insert into referral (reference, jba_id, young_person_id, referring_institution_id,
                                 short_description, referred_on, status, version)
           select 'FV-' || $4 || '-' || substr(p.id::text, 1, 8), $1, p.id, $2, 'Volumen',
                  current_date - 10, 'awaiting-conference', 1
             from p returning id)
         insert into consent (referral_id, granted_by, signed_on, recipients, purposes, document_hash)
         select r.id, 'self', current_date - 20, array[$2::uuid, $3::uuid], array['case-conference'],
                repeat('a', 64)
           from r`,
        [jbaId, I.JC.id, I.JA.id, tag],
      );
      const ja = await signIn(lotse.baseUrl, 'ja.sachbearbeitung');
      const bb = await signIn(lotse.baseUrl, 'bb.sachbearbeitung');
      const started = Date.now();
      const page = await jc.get('/api/v1/referrals?pageSize=100');
      const byName = await jc.get(`/api/v1/referrals?q=Volumen-${tag}`);
      const jaByName = await ja.get(`/api/v1/referrals?q=Volumen-${tag}&pageSize=100`);
      const bbByName = await bb.get(`/api/v1/referrals?q=Volumen-${tag}`);
      const elapsed = Date.now() - started;
      expect(page.status).toBe(200);
      expect(page.body.total).toBeGreaterThanOrEqual(300);
      expect(page.body.items).toHaveLength(100);
      expect(byName.body.total).toBe(300);
      expect(byName.body.items[0].youngPersonName).toMatch(new RegExp(`^Mia Volumen-${tag}-`));
      expect(jaByName.body.total).toBe(300);
      expect(jaByName.body.items.every((i: { youngPersonName: string }) => i.youngPersonName)).toBe(
        true,
      );
      // Not named by any consent: the name finds nothing.
      expect(bbByName.body.total).toBe(0);
      // Generous on a shared test machine; at a few hundred cases this takes well under a second.
      expect(elapsed).toBeLessThan(8000);
    });
  });

  describe('in the browser', () => {
    it('finds cases by reference and by name, shows names only where allowed, and handles an unknown status', async () => {
      const waiting = await waitingCase();
      const lastName = waiting.youngPerson.lastName as string;
      const p = await pageOf('jc.sachbearbeitung');
      await p.goto(`${lotse.baseUrl}/faelle`);
      const search = p.getByRole('searchbox', { name: 'Suche' });
      await search.fill(waiting.reference);
      await p.getByRole('button', { name: 'Suchen' }).click();
      const row = p.locator(`tr[data-case-id="${waiting.id}"]`);
      await p.waitForURL(/q=FM-/);
      await eventually(async () => (await p.locator('tbody tr').count()) === 1, {
        what: 'the list to show the one case of that reference',
      });
      await row.waitFor();

      await search.fill(lastName);
      await p.getByRole('button', { name: 'Suchen' }).click();
      await p.waitForURL(/q=Muster/);
      await row.getByText(`Lena ${lastName}`).waitFor();
      await expect(p.getByRole('columnheader', { name: 'Junger Mensch' }).count()).resolves.toBe(1);
      await p.screenshot({ path: join(ARTIFACTS, 'case-list.png'), fullPage: true });

      // Not named by the consent: the name finds nothing, the reference shows no name.
      const ja = await pageOf('ja.koordination');
      await ja.goto(`${lotse.baseUrl}/faelle?q=${encodeURIComponent(lastName)}`);
      await ja.getByText(`Keine Fälle zu „${lastName}“ gefunden.`).waitFor();
      await ja.goto(`${lotse.baseUrl}/faelle?q=${waiting.reference}`);
      await ja.locator(`tr[data-case-id="${waiting.id}"]`).waitFor();
      await expect(ja.locator('body').textContent()).resolves.not.toContain(lastName);

      // An unknown status from an old bookmark: a German notice, no raw error.
      await p.goto(`${lotse.baseUrl}/faelle?status=unsinn`);
      await p.getByText('Den Status „unsinn“ gibt es nicht.', { exact: false }).waitFor();
      await p.waitForURL((url) => !url.search.includes('status='));
      await p.locator('tbody tr').first().waitFor();
      await expect(p.locator('body').textContent()).resolves.not.toMatch(
        /ist kein bekannter Status/,
      );
    });

    it('shows where a waiting case stands, its consent, and the diagram with zoom', async () => {
      const waiting = await waitingCase();
      const p = await pageOf('jc.sachbearbeitung');
      await p.goto(`${lotse.baseUrl}/faelle/${waiting.id}`);
      const steps = p.getByRole('list', { name: 'Schritte des Falls' });
      await steps.waitFor();
      const current = steps.locator('[aria-current="step"]');
      await expect(current.count()).resolves.toBe(1);
      await expect(current.textContent()).resolves.toContain('Wartet');
      await expect(current.textContent()).resolves.toContain('aktueller Schritt');
      await expect(steps.locator('li').first().textContent()).resolves.toContain('erledigt');
      await p.getByText('Wartet auf die Auswahl für eine Fallkonferenz').waitFor();

      // The consent at a glance: recipients by name, purposes in words.
      const card = p.locator(`article[data-consent-id="${waiting.consents[0].id}"]`);
      await expect(card.getByRole('list', { name: 'Empfänger' }).textContent()).resolves.toContain(
        I.AA.name,
      );
      await expect(card.getByRole('list', { name: 'Zwecke' }).textContent()).resolves.toContain(
        'Informationsaustausch zwischen den Partnern',
      );
      // A valid consent: nothing to hand in later.
      await expect(
        p.getByRole('heading', { name: 'Einwilligung nachreichen' }).count(),
      ).resolves.toBe(0);

      // The diagram is a detail: drawn when opened, zoomable with buttons.
      await expect(p.locator('#case-diagram').count()).resolves.toBe(0);
      await p.getByText('Prozessdiagramm anzeigen').click();
      await p.locator('#case-diagram[data-ready="true"]').waitFor();
      const zoom = p.getByTestId('diagram-zoom');
      // Opens readable (80 %) at where the case stands, not as a tiny overview.
      await expect(zoom.textContent()).resolves.toBe('Zoom: 80 %');
      await p.getByRole('button', { name: 'Vergrößern' }).click();
      await eventually(async () => (await zoom.textContent()) === 'Zoom: 100 %', {
        what: 'the diagram to zoom in',
      });
      await p.getByRole('button', { name: 'Verkleinern' }).click();
      await eventually(async () => (await zoom.textContent()) === 'Zoom: 80 %', {
        what: 'the diagram to zoom out',
      });
      await p.getByRole('button', { name: 'Ganz anzeigen' }).click();
      await eventually(async () => Number(/\d+/.exec((await zoom.textContent()) ?? '')?.[0]) < 80, {
        what: 'the whole diagram to fit',
      });
      await p.getByRole('button', { name: 'Vergrößern' }).click();
      await p.getByRole('button', { name: 'Vergrößern' }).click();
      await p.screenshot({ path: join(ARTIFACTS, 'case-page.png'), fullPage: true });
    });

    it('records a revocation with its date and reason in a dialog', async () => {
      const waiting = await waitingCase();
      const p = await pageOf('jc.sachbearbeitung');
      await p.goto(`${lotse.baseUrl}/faelle/${waiting.id}`);
      await p.getByRole('button', { name: 'Widerruf erfassen' }).click();
      const dialog = p.getByRole('dialog', { name: 'Widerruf der Einwilligung erfassen' });
      await dialog.waitFor();
      // Esc closes it without revoking.
      await p.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      await p.getByRole('button', { name: 'Widerruf erfassen' }).click();
      await dialog.waitFor();
      // Before the signature: the app's own message, no browser bubble.
      await dialog.getByLabel('Widerruf erklärt am').fill(isoDaysAgo(40));
      await dialog.getByRole('button', { name: 'Widerruf verbindlich erfassen' }).click();
      await dialog
        .getByText(/nicht vor der Unterschrift/)
        .first()
        .waitFor();
      const declared = isoDaysAgo(1);
      await dialog.getByLabel('Widerruf erklärt am').fill(declared);
      await dialog.getByLabel('Grund (freiwillig)').fill('Möchte keine Weitergabe mehr.');
      await p.screenshot({ path: join(ARTIFACTS, 'case-revocation-dialog.png'), fullPage: true });
      await dialog.getByRole('button', { name: 'Widerruf verbindlich erfassen' }).click();
      await p.getByText('Widerruf erfasst.').waitFor();
      await dialog.waitFor({ state: 'hidden' });
      await p
        .getByText(`Widerruf erklärt am ${german(declared)}. Grund: Möchte keine Weitergabe mehr.`)
        .waitFor();
      await referralInStatus(jc, waiting.id, 'consent-revoked');
      await p.reload();
      await p.getByText('Beendet nach dem Widerruf der Einwilligung').waitFor();
      await expect(
        p
          .getByRole('list', { name: 'Schritte des Falls' })
          .locator('[aria-current="step"]')
          .textContent(),
      ).resolves.toContain('beendet');
    });

    it('records a paper-only consent on the case page; no sideways scrolling at 390 px', async () => {
      const accepted = await jc.post('/api/v1/referrals', referral({ consent: undefined }));
      expect(accepted.status).toBe(202);
      const id = accepted.body.id as string;
      await referralInStatus(jc, id, 'awaiting-consent');
      const p = await pageOf('jc.sachbearbeitung', 390, 844);
      await p.goto(`${lotse.baseUrl}/faelle/${id}`);
      const form = p.locator('#consent-form');
      await form.waitFor();
      await form.getByText(I.JA.name).waitFor();
      await p.getByText('Wartet auf die Einwilligung').first().waitFor();
      expect(await scrollWidth(p)).toBeLessThanOrEqual(390);
      await p.screenshot({ path: join(ARTIFACTS, 'case-mobile.png'), fullPage: true });

      // Sent empty: the app's own summary, naming fields in German.
      await form.getByRole('button', { name: 'Einwilligung speichern' }).click();
      await form.getByText('Bitte prüfen Sie:').waitFor();
      await form.getByRole('link', { name: 'Unterschrieben von' }).waitFor();

      await form.getByLabel('dem jungen Menschen selbst').check();
      await form.getByLabel('Unterschrieben am', { exact: true }).fill(isoDaysAgo(0));
      await form.getByLabel('Kein Scan – Original in der Papierakte').check();
      await expect(form.getByLabel('Grund ohne Scan').inputValue()).resolves.toBe(
        'Original liegt in der Akte',
      );
      await form.getByRole('button', { name: 'Einwilligung speichern' }).click();
      await p.getByText('Einwilligung erfasst.').waitFor();
      await p.getByText('Kein Scan: Original liegt in der Akte').waitFor();
      expect(await scrollWidth(p)).toBeLessThanOrEqual(390);
      const view = await eventually(
        async () => {
          const r = (await jc.get(`/api/v1/referrals/${id}`)).body;
          return r.consents.length ? r : undefined;
        },
        { what: 'the consent' },
      );
      expect(view.consents[0]).toMatchObject({
        documentHash: null,
        paperOnlyReason: 'Original liegt in der Akte',
      });

      // The referral form at 390 px, consent included.
      await p.goto(`${lotse.baseUrl}/faelle/neu`);
      const referralForm = p.locator('#referral-form');
      await referralForm.waitFor();
      await referralForm.getByLabel('Einwilligung liegt vor').check();
      await referralForm.getByText(I.JMD.name).waitFor();
      expect(await scrollWidth(p)).toBeLessThanOrEqual(390);
      await referralForm.getByRole('button', { name: 'Fallmeldung absenden' }).click();
      await p.getByText('Bitte prüfen Sie:').first().waitFor();
      expect(await scrollWidth(p)).toBeLessThanOrEqual(390);
      await p.screenshot({ path: join(ARTIFACTS, 'referral-form-mobile.png'), fullPage: true });
    });
  });
});
