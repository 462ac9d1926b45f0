import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { TaskNotifier } from '@lotse/task-notification';
import { Api, eventually, Lotse, mailbox, SinkMail, signIn, startLotse } from '../harness/lotse';
import { createJba, TestJba } from '../harness/jba-fixture';
import { launchChromium } from '../harness/browser';
import { isoDaysAgo, referralIn } from '../harness/fixtures';

/**
 * Task notification mails (issue 13) on the real stack: a new group task mails the group's
 * staff who chose "sofort" once, with the task's link and no personal data; "aus" and "täglich"
 * get nothing now; a second scan sends nothing twice; a task assigned by a colleague mails the
 * person it was given to, taking one oneself does not. The setting is changed on the page
 * "Benachrichtigungen" in Chromium.
 */
describe('Task notification mails', () => {
  let lotse: Lotse;
  let jba: TestJba;
  let jc: Api;
  let jcCoordinator: Api;
  let jcAdmin: Api;
  const email = (username: string) => `${username}@partner.test`;

  beforeAll(async () => {
    lotse = await startLotse();
    jba = await createJba(lotse.db);
    jc = await signIn(lotse.baseUrl, jba.users.jcCaseworker);
    jcCoordinator = await signIn(lotse.baseUrl, jba.users.jcCoordinator);
    jcAdmin = await signIn(lotse.baseUrl, jba.users.jcAdmin);
  });
  afterAll(async () => {
    await lotse?.close();
  });

  const userId = async (username: string): Promise<string> =>
    (await lotse.db.query(`select id from staff_user where username = $1`, [username]))[0].id;

  const mailsTo = (username: string, subject?: string): Promise<SinkMail[]> =>
    mailbox.all({ to: email(username), ...(subject ? { subject } : {}) });

  /** Files a referral without consent: the referrer's institution gets "Einwilligung einholen". */
  async function taskWithoutConsent(lastName: string, birthDate: string) {
    const filed = await jc.post(
      '/api/v1/referrals',
      referralIn(
        jba,
        [jba.inst.JC.id],
        { consent: undefined, referredOn: isoDaysAgo(1) },
        { firstName: 'Johanna', lastName, birthDate },
      ),
    );
    expect(filed.status).toBe(202);
    const caseId = filed.body.id as string;
    const taskId = await eventually(
      async () => (await jc.get(`/api/v1/referrals/${caseId}`)).body.openTasks?.[0]?.id as string,
      { what: 'the obtain-consent task to be projected' },
    );
    const [{ reference }] = await lotse.db.query(`select reference from referral where id = $1`, [
      caseId,
    ]);
    return { caseId, taskId, reference: reference as string };
  }

  it('keeps each user’s setting; an unknown value is a 400 naming the field in German', async () => {
    expect((await jc.get('/api/v1/me/notification-settings')).body).toEqual({
      taskNotifications: 'immediate',
      hasEmail: true,
    });
    const bad = await jc.put('/api/v1/me/notification-settings', { taskNotifications: 'hourly' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('E-Mails zu Aufgaben');
    expect((await jc.put('/api/v1/me/notification-settings', {})).status).toBe(400);
    expect(
      (await jcCoordinator.put('/api/v1/me/notification-settings', { taskNotifications: 'off' }))
        .body.taskNotifications,
    ).toBe('off');
    expect(
      (await jcAdmin.put('/api/v1/me/notification-settings', { taskNotifications: 'daily' })).body
        .taskNotifications,
    ).toBe('daily');
    // one's own setting only
    expect((await jc.get('/api/v1/me/notification-settings')).body.taskNotifications).toBe(
      'immediate',
    );
  });

  it('mails a new group task once to "sofort", with its link and no personal data; not to "aus" or "täglich"', async () => {
    const lastName = `Benachrichtigt-${jba.municipality.slice(-8)}`;
    const birthDate = '2005-03-17';
    const { taskId, reference } = await taskWithoutConsent(lastName, birthDate);

    const [mail] = await eventually(
      async () => {
        const got = await mailsTo(jba.users.jcCaseworker, 'Neue Aufgabe');
        return got.length ? got : undefined;
      },
      { what: 'the new-task mail at the SMTP peer' },
    );
    expect(mail.subject).toBe(`Neue Aufgabe in Lotse: Einwilligung einholen (Fall ${reference})`);
    expect(mail.text).toContain(`http://lotse.test/aufgaben/${taskId}`);
    expect(mail.text).toContain('Fällig:');
    expect(mail.text).toContain('http://lotse.test/benachrichtigungen');
    for (const personal of [lastName, 'Johanna', birthDate, '17.03.2005', 'Ausbildung abgebrochen'])
      expect(`${mail.subject}\n${mail.text}`).not.toContain(personal);

    // "aus" and "täglich" are recorded (so nothing is sent later) but get no mail now.
    const notices: Array<{ username: string; delivery: string; notification_id: string | null }> =
      await lotse.db.query(
        `select u.username, n.delivery, n.notification_id from task_notification n
           join staff_user u on u.id = n.staff_user_id
          where n.user_task_id = $1 and n.kind = 'new' order by u.username`,
        [taskId],
      );
    expect(notices).toEqual(
      expect.arrayContaining([
        { username: jba.users.jcCoordinator, delivery: 'off', notification_id: null },
        { username: jba.users.jcAdmin, delivery: 'daily', notification_id: null },
        expect.objectContaining({ username: jba.users.jcCaseworker, delivery: 'immediate' }),
      ]),
    );
    // Other institutions' staff are not the task's group.
    expect(notices.map((n) => n.username)).not.toContain(jba.users.jaCaseworker);

    // A second scan (as after a redelivered task event or a second worker) sends nothing more.
    const notifier = lotse.worker!.get(TaskNotifier);
    expect(await notifier.announce()).toBe(0);
    await lotse.db.query(`update user_task set version = version + 1 where id = $1`, [taskId]);
    expect(await notifier.announce()).toBe(0);
    await eventually(
      async () =>
        (
          await lotse.db.query(
            `select 1 from notification n join task_notification t on t.notification_id = n.id
              where t.user_task_id = $1 and n.status = 'sent'`,
            [taskId],
          )
        ).length === 1,
      { what: 'the mail to be recorded as sent' },
    );
    expect(await mailsTo(jba.users.jcCaseworker, 'Neue Aufgabe')).toHaveLength(1);
    expect(await mailsTo(jba.users.jcCoordinator)).toHaveLength(0);
    expect(await mailsTo(jba.users.jcAdmin)).toHaveLength(0);
  });

  it('mails a task assigned by a colleague to the person who got it; taking one oneself mails nobody', async () => {
    const { taskId, reference } = await taskWithoutConsent(
      `Zugewiesen-${Date.now()}`,
      '2004-05-06',
    );
    const jcUser = await userId(jba.users.jcCaseworker);
    expect(
      (await jcCoordinator.post(`/api/v1/tasks/${taskId}/assign`, { userId: jcUser })).status,
    ).toBe(200);
    const [mail] = await eventually(
      async () => {
        const got = await mailsTo(jba.users.jcCaseworker, 'Aufgabe für Sie');
        return got.length ? got : undefined;
      },
      { what: 'the assignment mail at the SMTP peer' },
    );
    expect(mail.subject).toBe(`Aufgabe für Sie: Einwilligung einholen (Fall ${reference})`);
    expect(mail.text).toContain('Ihnen wurde in Lotse eine Aufgabe zugewiesen');
    expect(mail.text).toContain(`http://lotse.test/aufgaben/${taskId}`);

    // The coordinator takes another task (a claim): no "assigned" mail to anyone.
    const other = await taskWithoutConsent(`Selbst-${Date.now()}`, '2004-07-08');
    expect((await jcCoordinator.post(`/api/v1/tasks/${other.taskId}/claim`)).status).toBe(200);
    // and assigns one to themselves: no news either
    const third = await taskWithoutConsent(`Selbst2-${Date.now()}`, '2004-09-10');
    const coordinatorId = await userId(jba.users.jcCoordinator);
    expect(
      (await jcCoordinator.post(`/api/v1/tasks/${third.taskId}/assign`, { userId: coordinatorId }))
        .status,
    ).toBe(200);
    // the coordinator wants no mails anyway; switch on to show a self-assignment sends none
    await jcCoordinator.put('/api/v1/me/notification-settings', { taskNotifications: 'immediate' });
    await lotse.worker!.get(TaskNotifier).announce();
    const assigned = await lotse.db.query(
      `select user_task_id from task_notification where kind = 'assigned' and user_task_id = any($1::uuid[])`,
      [[other.taskId, third.taskId]],
    );
    expect(assigned).toEqual([]);
    expect(await mailsTo(jba.users.jcCaseworker, 'Aufgabe für Sie')).toHaveLength(1);
    expect(await mailsTo(jba.users.jcCoordinator, 'Aufgabe für Sie')).toHaveLength(0);
  });

  it('changes the setting on "Benachrichtigungen" (browser, 390 px wide too)', async () => {
    const artifacts = join(__dirname, '../artifacts');
    mkdirSync(artifacts, { recursive: true });
    const browser = await launchChromium();
    try {
      const ctx = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        locale: 'de-DE',
        timezoneId: 'Europe/Berlin',
      });
      const page = await ctx.newPage();
      await page.goto(`${lotse.baseUrl}/anmelden`);
      await page.getByLabel('Benutzername').fill(jba.users.jcCaseworker);
      await page.getByLabel('Passwort').fill('lotse-demo');
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await page.waitForURL(/\/aufgaben$/);

      await page.getByRole('link', { name: 'Benachrichtigungen' }).click();
      await page.getByRole('heading', { level: 1, name: 'Benachrichtigungen' }).waitFor();
      const group = page.getByRole('group', {
        name: 'Wann möchten Sie E-Mails zu Ihren Aufgaben erhalten?',
      });
      await expect(group.getByRole('radio', { name: 'Sofort' }).isChecked()).resolves.toBe(true);
      await expect(
        page.getByText('morgens ab 7 Uhr eine Übersicht', { exact: false }).isVisible(),
      ).resolves.toBe(true);
      await group.getByRole('radio', { name: 'Einmal täglich' }).check();
      await page.getByRole('button', { name: 'Speichern' }).click();
      await page.getByText('Gespeichert: Einmal täglich.').waitFor();
      await page.screenshot({
        path: join(artifacts, 'notification-settings.png'),
        fullPage: true,
      });

      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Benachrichtigungen' }).waitFor();
      await page.getByRole('radio', { name: 'Einmal täglich' }).waitFor();
      await expect(page.getByRole('radio', { name: 'Einmal täglich' }).isChecked()).resolves.toBe(
        true,
      );
      expect((await jc.get('/api/v1/me/notification-settings')).body.taskNotifications).toBe(
        'daily',
      );

      // At 390 px the page does not scroll sideways.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByRole('radio', { name: 'Keine E-Mails' }).waitFor();
      const overflow = await page.evaluate<number>(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await ctx.close();
    } finally {
      await browser.close();
    }
  });
});
