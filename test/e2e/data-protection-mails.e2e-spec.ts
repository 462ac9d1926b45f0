import type { INestApplicationContext } from '@nestjs/common';
import { MailRequest, NotificationService } from '@lotse/notification';
import { eventually, Lotse, mailbox, signIn, startLotse, startWorker } from '../harness/lotse';
import { createJba } from '../harness/jba-fixture';
import { extraordinaryConference, referralIn } from '../harness/fixtures';

/**
 * Data protection of mails and of the conference page (issue 12): a queued mail is checked
 * against the consent again when it is sent, raw SMTP errors are for admins only, and the
 * agenda shows each viewer only the cases it may see.
 */
describe('Mails and agenda under the consent', () => {
  let lotse: Lotse;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    // No worker yet: mails are queued but not sent until the test starts one.
    lotse = await startLotse({ worker: false });
  });
  afterAll(async () => {
    await worker?.close();
    await lotse?.close();
  });

  it('does not send a queued mail whose consent was revoked, and records that', async () => {
    const jba = await createJba(lotse.db);
    const jc = await signIn(lotse.baseUrl, jba.users.jcCaseworker);
    const ja = await signIn(lotse.baseUrl, jba.users.jaCaseworker);
    const accepted = await jc.post(
      '/api/v1/referrals',
      referralIn(jba, [jba.inst.JC.id, jba.inst.JA.id, jba.inst.AA.id]),
    );
    expect(accepted.status).toBe(202);
    const caseId = accepted.body.id as string;
    const view = await jc.get(`/api/v1/referrals/${caseId}`);
    const consentId = view.body.consents[0].id as string;
    const reference = view.body.reference as string;
    const youngPersonEmail = `yp-${jba.id}@young.test`;

    const mails: MailRequest[] = [
      {
        dedupKey: `dp-test:invitation:${caseId}:AA`,
        template: 'conference-invitation',
        params: {
          jbaName: jba.name,
          conferenceDate: 'Donnerstag, 12.03.2099',
          conferenceTime: '09:00',
          place: 'Rathaus',
          cases: [`${reference} – Name: Beschreibung`],
          link: 'http://lotse.test/konferenzen/x',
          disclosedCaseIds: [caseId],
        },
        to: jba.inst.AA.email,
        recipientKind: 'institution' as never,
        recipientInstitutionId: jba.inst.AA.id,
      },
      {
        dedupKey: `dp-test:invitation:${caseId}:young-person`,
        template: 'conference-invitation-young-person',
        params: {
          jbaName: jba.name,
          conferenceDate: 'Donnerstag, 12.03.2099',
          conferenceTime: '09:00',
          place: 'Rathaus',
          guardian: false,
        },
        to: youngPersonEmail,
        recipientKind: 'young-person' as never,
        referralId: caseId,
      },
      // To the referring institution itself: not affected by the revocation.
      {
        dedupKey: `dp-test:reminder:${caseId}`,
        template: 'consent-reminder',
        params: { reference, reason: 'Test', link: 'http://lotse.test/faelle/x' },
        to: jba.inst.JC.email,
        recipientKind: 'institution' as never,
        recipientInstitutionId: jba.inst.JC.id,
        referralId: caseId,
      },
    ];
    const ids = await lotse.api!.get(NotificationService).send(lotse.db.manager, mails);

    const revoked = await ja.post(`/api/v1/referrals/${caseId}/consents/${consentId}/revocation`);
    expect(revoked.status).toBe(200);

    worker = await startWorker();
    const rows = await eventually(
      async () => {
        const r: Array<{ id: string; status: string }> = await lotse.db.query(
          `select id, status from notification where id = any($1::uuid[])`,
          [ids],
        );
        return r.every((x) => x.status !== 'queued') ? r : undefined;
      },
      { what: 'the queued mails to be handled', timeoutMs: 60_000 },
    );
    const statusOf = new Map(rows!.map((r) => [r.id, r.status]));
    expect(ids.map((id) => statusOf.get(id))).toEqual(['withheld', 'withheld', 'sent']);

    // The real SMTP peer: the reminder to the referrer arrived, nothing to the partner or young person.
    expect(
      (await mailbox.all({ to: jba.inst.JC.email })).filter(
        (m) => m.subject.startsWith('Erinnerung') && m.subject.includes(reference),
      ),
    ).toHaveLength(1);
    expect(
      (await mailbox.all({ to: jba.inst.AA.email })).filter((m) =>
        m.subject.startsWith('Einladung'),
      ),
    ).toHaveLength(0);
    expect(await mailbox.all({ to: youngPersonEmail })).toHaveLength(0);

    const audit: Array<{
      recipient_institution_id: string | null;
      consent_id: string;
      detail: any;
    }> = await lotse.db.query(
      `select recipient_institution_id, consent_id, detail from audit_entry
          where action = 'mail-withheld' and referral_id = $1
          order by detail->>'template'`, // the two mails are delivered concurrently
      [caseId],
    );
    expect(audit).toEqual([
      expect.objectContaining({
        recipient_institution_id: jba.inst.AA.id,
        consent_id: consentId,
        detail: expect.objectContaining({
          notificationId: ids[0],
          template: 'conference-invitation',
          reason: 'revoked',
        }),
      }),
      expect.objectContaining({
        recipient_institution_id: null,
        consent_id: consentId,
        detail: expect.objectContaining({ notificationId: ids[1], reason: 'revoked' }),
      }),
    ]);

    // The coordination sees why the mails did not go out.
    const coordinator = await signIn(lotse.baseUrl, jba.users.jaCoordinator);
    const listed = await coordinator.get('/api/v1/notifications?status=withheld');
    expect(listed.status).toBe(200);
    expect(listed.body.map((n: { id: string }) => n.id).sort()).toEqual([ids[0], ids[1]].sort());
  });

  it('shows the raw SMTP error of a conference mail to admins only', async () => {
    const jba = await createJba(lotse.db);
    const coordinator = await signIn(lotse.baseUrl, jba.users.jaCoordinator);
    const admin = await signIn(lotse.baseUrl, jba.users.jaAdmin);
    const planned = await coordinator.post(
      '/api/v1/conferences',
      extraordinaryConference(new Date().getUTCFullYear() + 1),
    );
    expect(planned.status).toBe(201);
    await lotse.db.query(
      `insert into notification (dedup_key, template, params, recipient_kind, recipient_email, recipient_institution_id, conference_id, status, attempts, last_error)
       values ($1, 'call-for-referrals', '{}', 'institution', $2, $3, $4, 'failed', 8, '550 5.1.1 <bk@partner.test>: mailbox unavailable')`,
      [`dp-test-failed:${jba.id}`, jba.inst.BK.email, jba.inst.BK.id, planned.body.id],
    );
    const asCoordinator = await coordinator.get(`/api/v1/conferences/${planned.body.id}`);
    expect(asCoordinator.status).toBe(200);
    expect(asCoordinator.body.notifications).toEqual([
      expect.objectContaining({ status: 'failed', lastError: 'Zustellung fehlgeschlagen' }),
    ]);
    expect(JSON.stringify(asCoordinator.body)).not.toContain('550');
    const asAdmin = await admin.get(`/api/v1/conferences/${planned.body.id}`);
    expect(asAdmin.body.notifications).toEqual([
      expect.objectContaining({
        lastError: '550 5.1.1 <bk@partner.test>: mailbox unavailable',
      }),
    ]);
  });

  it('lists to each viewer only the cases it may see, the others as a count', async () => {
    const jba = await createJba(lotse.db);
    const jc = await signIn(lotse.baseUrl, jba.users.jcCaseworker);
    const aa = await signIn(lotse.baseUrl, jba.users.aaCaseworker);
    const coordinator = await signIn(lotse.baseUrl, jba.users.jaCoordinator);
    // One case names the Agentur für Arbeit, one does not.
    const named = await jc.post(
      '/api/v1/referrals',
      referralIn(jba, [jba.inst.JC.id, jba.inst.JA.id, jba.inst.AA.id]),
    );
    const notNamed = await jc.post(
      '/api/v1/referrals',
      referralIn(jba, [jba.inst.JC.id, jba.inst.JA.id]),
    );
    expect([named.status, notNamed.status]).toEqual([202, 202]);
    const planned = await coordinator.post(
      '/api/v1/conferences',
      extraordinaryConference(new Date().getUTCFullYear() + 1),
    );
    expect(planned.status).toBe(201);
    const conferenceId = planned.body.id as string;
    await lotse.db.query(
      `insert into conference_case (conference_id, referral_id, state, position)
       values ($1, $2, 'selected', 1), ($1, $3, 'selected', 2)`,
      [conferenceId, named.body.id, notNamed.body.id],
    );

    const ids = (body: { agenda: Array<{ caseId: string }> }) => body.agenda.map((a) => a.caseId);
    const asAa = (await aa.get(`/api/v1/conferences/${conferenceId}`)).body;
    expect(ids(asAa)).toEqual([named.body.id]);
    expect(asAa.hiddenCaseCount).toBe(1);
    expect(JSON.stringify(asAa)).not.toContain(notNamed.body.id);

    const asReferrer = (await jc.get(`/api/v1/conferences/${conferenceId}`)).body;
    expect(ids(asReferrer)).toEqual([named.body.id, notNamed.body.id]);
    expect(asReferrer.hiddenCaseCount).toBe(0);

    // The coordination runs the conference: it needs every case reference of the agenda.
    const asCoordinator = (await coordinator.get(`/api/v1/conferences/${conferenceId}`)).body;
    expect(ids(asCoordinator)).toEqual([named.body.id, notNamed.body.id]);
    expect(asCoordinator.hiddenCaseCount).toBe(0);

    // Revoked: the named partner sees neither case any more.
    const consentId = (await jc.get(`/api/v1/referrals/${named.body.id}`)).body.consents[0].id;
    expect(
      (await jc.post(`/api/v1/referrals/${named.body.id}/consents/${consentId}/revocation`)).status,
    ).toBe(200);
    const afterRevocation = (await aa.get(`/api/v1/conferences/${conferenceId}`)).body;
    expect(afterRevocation.agenda).toEqual([]);
    // (the case may leave the agenda on its revocation: then one hidden case is left)
    expect([1, 2]).toContain(afterRevocation.hiddenCaseCount);
  });
});
