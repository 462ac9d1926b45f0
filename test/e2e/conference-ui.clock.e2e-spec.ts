import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../harness/browser';
import { Api, DAY_MS, eventually, Lotse, signIn, startLotse, testEngine } from '../harness/lotse';
import { createJba, TestJba } from '../harness/jba-fixture';
import { isoDaysAgo, referralIn } from '../harness/fixtures';

const ARTIFACTS = join(__dirname, '../artifacts');
/** axe-core's browser build, run in the page over the DevTools protocol (the CSP refuses inline scripts). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const CASES = 300;
const CAPACITY = 3;

interface Candidate {
  id: string;
  position: number;
  referenceNumber: string;
  referrer: string;
  name: string | null;
}

/**
 * Conferences at real volume in the browser (issue 13): 300 waiting cases for 3 places. The
 * coordinator selects in a searchable, sortable table with a live counter and the limit enforced
 * while picking; the conference page shows the agenda first (numbered, in order) and the other
 * cases collapsed, for a partner in the same order; the status is true after the deadline;
 * planning a date on a holiday warns first; the calendar is subscribed through a button.
 * Nothing scrolls sideways at 390 px. Moves the engine's clock.
 */
describe('Conferences in the browser at a few hundred cases (engine clock)', () => {
  let lotse: Lotse;
  let jba: TestJba;
  let jc: Api;
  let aa: Api;
  let coordinator: Api;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    lotse = await startLotse();
    jba = await createJba(lotse.db);
    await lotse.db.query(`update jba set federal_state = 'NW' where id = $1`, [jba.id]);
    jc = await signIn(lotse.baseUrl, jba.users.jcCaseworker);
    aa = await signIn(lotse.baseUrl, jba.users.aaCaseworker);
    coordinator = await signIn(lotse.baseUrl, jba.users.jaCoordinator);
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: 1280, height: 1000 },
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
    });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await lotse?.close();
  });

  async function signInOn(p: Page, username: string) {
    await p.goto(`${lotse.baseUrl}/anmelden`);
    await p.getByLabel('Benutzername').fill(username);
    await p.getByLabel('Passwort').fill('lotse-demo');
    await p.getByRole('button', { name: 'Anmelden' }).click();
    await p.waitForURL('**/aufgaben**');
  }

  /** No serious or critical axe-core finding (WCAG 2.1 A/AA) on the page as it is now. */
  async function accessible(p: Page) {
    if (!(await p.evaluate(`'axe' in window`))) await p.evaluate(AXE_SOURCE);
    const result = await p.evaluate<{
      violations: Array<{ id: string; impact: string | null; nodes: { target: string[] }[] }>;
    }>(
      `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`,
    );
    const serious = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id}: ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join(', ')}`,
      );
    expect(serious).toEqual([]);
  }

  /** The page does not scroll sideways at its current width. */
  async function fitsWidth(p: Page, width: number) {
    await p.setViewportSize({ width, height: 900 });
    const scrollWidth = await p.evaluate('document.documentElement.scrollWidth');
    expect(scrollWidth).toBeLessThanOrEqual(width);
  }

  /** 300 real referrals through the API (the case process takes each to the waiting state). */
  async function referMany() {
    const started = Date.now();
    const jobs = Array.from({ length: CASES }, (_, i) => i);
    // Few at a time: the test machine's Postgres is shared by several test runs.
    const parallel = 3;
    await Promise.all(
      Array.from({ length: parallel }, async (_, worker) => {
        for (let k = worker; k < jobs.length; k += parallel) {
          const i = jobs[k];
          const byAa = i % 3 === 2;
          const referrer = byAa ? jba.inst.AA.id : jba.inst.JC.id;
          // Every fifth consent does not name the Jugendamt: no name for the coordinator.
          const recipients = i % 5 === 4 ? [referrer] : [referrer, jba.inst.JA.id];
          const body = referralIn(
            jba,
            recipients,
            { referringInstitutionId: referrer, referredOn: isoDaysAgo(25 - (i % 25)) },
            {
              firstName: `Person${i + 1}`,
              lastName: i === 150 ? 'Zimmermann' : `Auswahl-${i + 1}`,
            },
          );
          // A busy shared database may refuse a connection (500, nothing saved): try again.
          let res = await (byAa ? aa : jc).post('/api/v1/referrals', body);
          for (let attempt = 0; res.status >= 500 && attempt < 5; attempt++) {
            await new Promise((r) => setTimeout(r, 1000 * (attempt + 1)));
            res = await (byAa ? aa : jc).post('/api/v1/referrals', body);
          }
          if (res.status !== 202) throw new Error(`referral ${i}: ${res.status}`);
        }
      }),
    );
    await eventually(
      async () => {
        const [{ n }] = await lotse.db.query(
          `select count(*)::int as n from referral where jba_id = $1 and status = 'awaiting-conference'`,
          [jba.id],
        );
        return n === CASES;
      },
      { what: `all ${CASES} referrals to wait for a conference`, timeoutMs: 240_000 },
    );
    process.stderr.write(`[conference-ui] ${CASES} waiting cases in ${Date.now() - started} ms\n`);
  }

  it('selects 3 of 300 cases in the table; the page shows the agenda first, for a partner too', async () => {
    await referMany();

    const base = Math.max(Date.now(), (await testEngine.now()).getTime());
    const planned = await coordinator.post('/api/v1/conferences', {
      kind: 'extraordinary',
      startsAt: new Date(base + 40 * DAY_MS).toISOString(),
      durationMinutes: 120,
      place: 'Rathaus, Sitzungssaal 2',
      capacity: CAPACITY,
      referralDeadline: new Date(base + 30 * DAY_MS).toISOString(),
    });
    expect(planned.status).toBe(201);
    const conferenceId: string = planned.body.id;

    // Past the referral deadline: 300 wait, room for 3 → "Fälle auswählen".
    await testEngine.advanceClock(31 * DAY_MS);
    const taskId = await eventually(
      async () => {
        const list = await coordinator.get(`/api/v1/tasks?type=Task_SelectCases&pageSize=100`);
        return (list.body.items as Array<{ id: string; conferenceId: string }>).find(
          (t) => t.conferenceId === conferenceId,
        )?.id;
      },
      { what: 'the selection task', timeoutMs: 120_000 },
    );
    // The status says what is true after the deadline.
    const during = await eventually(
      async () => {
        const c = (await coordinator.get(`/api/v1/conferences/${conferenceId}`)).body;
        return c.status === 'selecting' ? c : undefined;
      },
      { what: 'the status of the selection' },
    );
    expect(during).toMatchObject({
      status: 'selecting',
      statusLabel: 'Meldeschluss erreicht – Auswahl läuft',
    });
    const candidates: Candidate[] = (await coordinator.get(`/api/v1/tasks/${taskId}`)).body.form
      .data.candidates;
    expect(candidates).toHaveLength(CASES);
    // Personal data only where the consent names the coordinator's institution (the Jugendamt).
    expect(candidates.filter((c) => c.name === null)).toHaveLength(CASES / 5);

    // Only the coordination is offered the task on the date's page.
    expect(during.openTasks.map((t: { id: string }) => t.id)).toEqual([taskId]);
    expect((await jc.get(`/api/v1/conferences/${conferenceId}`)).body.openTasks).toEqual([]);

    // The date's page during the selection: no agenda yet, the task link near the top, the
    // 300 reported cases collapsed below it.
    await signInOn(page, jba.users.jaCoordinator);
    await page.goto(`${lotse.baseUrl}/konferenzen/${conferenceId}`);
    await page
      .getByText(
        'Meldeschluss erreicht: Die Koordination wählt 3 Fälle aus 300 gemeldeten Fällen aus.',
      )
      .waitFor();
    const others = page.locator('details#conference-other-cases');
    await expect(others.locator('summary').textContent()).resolves.toBe(
      `Weitere gemeldete Fälle (${CASES})`,
    );
    await expect(others.getAttribute('open')).resolves.toBeNull();
    const taskLink = page.getByRole('link', { name: 'Fälle auswählen' });
    expect((await taskLink.boundingBox())!.y).toBeLessThan((await others.boundingBox())!.y);
    expect((await taskLink.boundingBox())!.y).toBeLessThan(1000);
    await taskLink.click();
    await page.waitForURL(`**/aufgaben/${taskId}`);
    const editor = page.locator('#case-selection');
    await editor.waitFor();
    // The date's box beside the task says the same.
    await page
      .locator('.task-layout__case')
      .getByText('Meldeschluss erreicht – Auswahl läuft')
      .waitFor();
    const rows = editor.locator('tbody tr[data-case-id]');
    await expect(rows.count()).resolves.toBe(CASES);
    await editor.getByText('Sortiert nach Eingang: älteste zuerst').waitFor();
    await editor.getByText(`0 von ${CAPACITY} Plätzen ausgewählt`).waitFor();
    await editor.getByText('300 Fälle für 3 Plätze', { exact: false }).waitFor();
    // Oldest first by default.
    const firstIds = await rows.evaluateAll((trs) =>
      trs.slice(0, 3).map((tr) => tr.getAttribute('data-case-id')),
    );
    expect(firstIds).toEqual(
      [...candidates]
        .sort((a, b) => a.position - b.position)
        .slice(0, 3)
        .map((c) => c.id),
    );

    // Search narrows the table: by reference, by name (where visible).
    const search = editor.getByLabel('Suchen (Aktenzeichen, meldende Stelle, Name)');
    const someone = candidates[42];
    await search.fill(someone.referenceNumber);
    await eventually(async () => (await rows.count()) === 1, { what: 'one row for a reference' });
    await expect(rows.first().getAttribute('data-case-id')).resolves.toBe(someone.id);
    await search.fill('zimmermann');
    await eventually(async () => (await rows.count()) === 1, { what: 'one row for a name' });
    await editor.getByText(`1 von ${CASES} Fällen angezeigt`).waitFor();
    await search.fill('');
    await eventually(async () => (await rows.count()) === CASES, { what: 'all rows again' });

    // Sorting by the referrer: column header with aria-sort, both directions.
    const referrerHeader = editor.getByRole('columnheader', { name: /Meldende Stelle/ });
    await referrerHeader.getByRole('button').click();
    await expect(referrerHeader.getAttribute('aria-sort')).resolves.toBe('ascending');
    await editor.getByText('Sortiert nach meldender Stelle: A bis Z').waitFor();
    await expect(rows.first().locator('td').nth(3).textContent()).resolves.toBe(jba.inst.AA.name);
    await referrerHeader.getByRole('button').click();
    await expect(referrerHeader.getAttribute('aria-sort')).resolves.toBe('descending');
    await expect(rows.first().locator('td').nth(3).textContent()).resolves.toBe(jba.inst.JC.name);
    await editor
      .getByRole('columnheader', { name: /Gemeldet am/ })
      .getByRole('button')
      .click();
    await editor.getByText('Sortiert nach Eingang: älteste zuerst').waitFor();

    // Three cases of the job centre, picked out of order; the fourth checkbox is disabled.
    const ofJc = [...candidates]
      .filter((c) => c.referrer === jba.inst.JC.name && c.name !== null)
      .sort((a, b) => a.position - b.position);
    const chosen = [ofJc[20], ofJc[3], ofJc[11]];
    const box = (c: Candidate) => editor.getByLabel(`Fall ${c.referenceNumber} auswählen`);
    await box(chosen[0]).check();
    await editor.getByText(`1 von ${CAPACITY} Plätzen ausgewählt`).waitFor();
    await box(chosen[1]).check();
    await editor.getByText(`2 von ${CAPACITY} Plätzen ausgewählt`).waitFor();
    await box(chosen[2]).check();
    await editor.getByText(`3 von ${CAPACITY} Plätzen ausgewählt`).waitFor();
    await expect(box(ofJc[0]).isDisabled()).resolves.toBe(true);
    await editor.getByText('Alle Plätze sind vergeben.', { exact: false }).waitFor();
    await expect(
      editor.locator('[aria-live="polite"]', { hasText: 'Plätzen ausgewählt' }).count(),
    ).resolves.toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'conference-selection.png'), fullPage: true });
    await accessible(page);
    await fitsWidth(page, 390);
    await page.setViewportSize({ width: 1280, height: 1000 });

    await page.getByRole('button', { name: 'Abschließen' }).click();
    await page.getByText('Aufgabe abgeschlossen.').waitFor();
    await eventually(
      async () => {
        const c = (await coordinator.get(`/api/v1/conferences/${conferenceId}`)).body;
        return ['agenda-set', 'invited'].includes(c.status);
      },
      { what: 'the agenda to be set' },
    );

    // The conference page: the agenda (in order, numbered) first, the rest collapsed.
    const inOrder = [...chosen].sort((a, b) => a.position - b.position);
    async function agendaOf(p: Page) {
      const agenda = p.locator('section.conference-agenda');
      await agenda.getByRole('heading', { name: 'Tagesordnung' }).waitFor();
      return agenda.locator('tbody tr').evaluateAll((trs) =>
        trs.map((tr) => ({
          number: tr.querySelector('td')?.textContent,
          id: tr.getAttribute('data-case-id'),
        })),
      );
    }
    await page.goto(`${lotse.baseUrl}/konferenzen/${conferenceId}`);
    expect(await agendaOf(page)).toEqual(
      inOrder.map((c, i) => ({ number: String(i + 1), id: c.id })),
    );
    const carried = page.locator('details#conference-carried-over');
    await expect(carried.locator('summary').textContent()).resolves.toBe(
      `In die nächste Fallkonferenz verschoben (${CASES - CAPACITY})`,
    );
    await expect(carried.getAttribute('open')).resolves.toBeNull();
    // The agenda and the open tasks come before the collapsed list.
    const top = async (selector: string) => (await page.locator(selector).first().boundingBox())!.y;
    expect(await top('#conference-agenda-heading')).toBeLessThan(
      await top('#conference-carried-over'),
    );
    expect(await top('#conference-tasks-heading')).toBeLessThan(
      await top('#conference-carried-over'),
    );
    await expect(page.locator('h1 + .meta').textContent()).resolves.toMatch(
      /Tagesordnung steht|Eingeladen/,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'conference-agenda.png'), fullPage: true });
    await carried.locator('summary').click();
    await carried.locator('tbody tr').first().waitFor();
    await accessible(page);
    await fitsWidth(page, 390);
    await page.setViewportSize({ width: 1280, height: 1000 });

    // A partner (the job centre, referrer of the three) sees the same order.
    const partnerContext = await browser.newContext({
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
    });
    const partner = await partnerContext.newPage();
    await signInOn(partner, jba.users.jcCaseworker);
    await partner.goto(`${lotse.baseUrl}/konferenzen/${conferenceId}`);
    expect(await agendaOf(partner)).toEqual(
      inOrder.map((c, i) => ({ number: String(i + 1), id: c.id })),
    );
    await partnerContext.close();
  });

  it('warns on a holiday and on the same time and place, follows the new year, offers the calendar subscription', async () => {
    // The check itself: 400 naming the field on bad input, only for the coordination.
    const bad = await coordinator.post('/api/v1/conferences/date-check', { startsAt: 'morgen' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['startsAt']);
    const asCaseworker = await jc.post('/api/v1/conferences/date-check', {
      startsAt: new Date(Date.now() + 30 * DAY_MS).toISOString(),
    });
    expect(asCaseworker.status).toBe(403);

    const fresh = await browser.newContext({
      viewport: { width: 1280, height: 1000 },
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
    });
    page = await fresh.newPage();
    await signInOn(page, jba.users.jaCoordinator);
    await page.goto(`${lotse.baseUrl}/konferenzen`);
    await page.getByRole('heading', { name: 'Fallkonferenzen', level: 1 }).waitFor();

    // No raw addresses or JSON links; "Kalender abonnieren" shows the address and how-to.
    await expect(page.getByRole('link', { name: 'JSON' }).count()).resolves.toBe(0);
    await expect(page.locator('body').textContent()).resolves.not.toContain('conferences.ics');
    const subscribe = page.getByRole('button', { name: 'Kalender abonnieren' });
    await subscribe.click();
    await expect(subscribe.getAttribute('aria-expanded')).resolves.toBe('true');
    const address = page.getByLabel('Adresse des Kalenders');
    await expect(address.inputValue()).resolves.toBe(
      `${lotse.baseUrl}/api/v1/public/jbas/${jba.id}/conferences.ics`,
    );
    await expect(address.getAttribute('readonly')).resolves.not.toBeNull();
    await page.getByRole('button', { name: 'Adresse kopieren' }).waitFor();
    await page.getByText('Thunderbird').waitFor();
    await fitsWidth(page, 390);
    await page.setViewportSize({ width: 1280, height: 1000 });

    // All Saints' Day of next year: a holiday in Nordrhein-Westfalen.
    const nextYear = Number(new Date().toISOString().slice(0, 4)) + 1;
    const day = `${nextYear}-11-01`;
    const form = page.locator('#conference-plan-form');
    await form.getByLabel('Art').selectOption('extraordinary');
    await form.getByLabel('Datum', { exact: true }).fill(day);
    await form.getByLabel('Beginn').fill('10:00');
    await form.getByLabel('Ort').fill('Jugendamt, Raum 5');
    await form.getByLabel('Plätze').fill('4');
    await form.getByRole('button', { name: 'Termin planen' }).click();
    const warning = form.getByRole('alert');
    await warning
      .getByText(`Der 01.11.${nextYear} ist ein Feiertag in Nordrhein-Westfalen: Allerheiligen.`)
      .waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'conference-plan-warning.png'), fullPage: true });
    await accessible(page);
    // Nothing is saved until the coordinator confirms.
    const [{ n: before }] = await lotse.db.query(
      `select count(*)::int as n from conference where jba_id = $1`,
      [jba.id],
    );
    await form.getByRole('button', { name: 'Trotzdem planen' }).click();
    await page.getByText('Termin geplant:', { exact: false }).waitFor();
    const [{ n: after }] = await lotse.db.query(
      `select count(*)::int as n from conference where jba_id = $1`,
      [jba.id],
    );
    expect(after).toBe(before + 1);
    // The list follows the year of the new date.
    await page.locator('.year-nav__year', { hasText: String(nextYear) }).waitFor();
    await page.locator('table.conference-table tbody tr').first().waitFor();

    // The same time and place again: warned, not saved.
    await form.getByLabel('Art').selectOption('extraordinary');
    await form.getByLabel('Datum', { exact: true }).fill(day);
    await form.getByLabel('Beginn').fill('10:00');
    await form.getByLabel('Ort').fill('jugendamt, raum 5');
    await form.getByRole('button', { name: 'Termin planen' }).click();
    await form
      .getByRole('alert')
      .getByText('ist am selben Ort („jugendamt, raum 5“) bereits eine Fallkonferenz geplant', {
        exact: false,
      })
      .waitFor();
    await form.getByRole('button', { name: 'Datum ändern' }).click();
    await expect(form.getByRole('alert').count()).resolves.toBe(0);

    // The detail page says "Termin ändern" (place and capacity, not only the time).
    await page.locator('table.conference-table tbody a').first().click();
    await page.getByRole('heading', { name: 'Termin ändern' }).waitFor();
    await expect(page.getByRole('heading', { name: 'Termin verschieben' }).count()).resolves.toBe(
      0,
    );
    await fitsWidth(page, 390);
  });
});
