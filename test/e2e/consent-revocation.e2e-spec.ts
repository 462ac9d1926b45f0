import { Api, Lotse, referralInStatus, signIn, startLotse } from '../harness/lotse';
import {
  adultConsent,
  extraordinaryConference,
  I,
  isoDaysAgo,
  referral,
} from '../harness/fixtures';

/**
 * Widerruf: a revoked consent stops every disclosure at once; a case left without a valid
 * consent is taken off the agendas and closed by its process (event sub-process
 * `consent-revoked` on the real engine).
 */
describe('Revocation of a consent', () => {
  let lotse: Lotse;
  let jc: Api;
  let ja: Api;
  let coordinator: Api;

  beforeAll(async () => {
    lotse = await startLotse();
    jc = await signIn(lotse.baseUrl, 'jc.sachbearbeitung');
    ja = await signIn(lotse.baseUrl, 'ja.sachbearbeitung');
    coordinator = await signIn(lotse.baseUrl, 'ja.koordination');
  });
  afterAll(() => lotse?.close());

  async function waitingCase(body = referral()) {
    const accepted = await jc.post('/api/v1/referrals', body);
    expect(accepted.status).toBe(202);
    return statusOf(accepted.body.id, 'awaiting-conference');
  }

  const statusOf = (id: string, status: string) => referralInStatus(jc, id, status);

  it('closes a waiting case, hides it from the partners, and refuses a second revocation', async () => {
    const waiting = await waitingCase();
    const consentId = waiting.consents[0].id as string;
    // The Jugendamt is named in the consent: it sees the young person.
    const before = await ja.get(`/api/v1/referrals/${waiting.id}`);
    expect(before.status).toBe(200);
    expect(before.body.youngPerson.lastName).toBe(waiting.youngPerson.lastName);

    const revoked = await ja.post(
      `/api/v1/referrals/${waiting.id}/consents/${consentId}/revocation`,
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.valid).toBe(false);
    expect(revoked.body.invalidReason).toEqual({
      code: 'consent-revoked',
      message: 'Die Einwilligung wurde widerrufen.',
    });
    expect(Date.parse(revoked.body.revokedAt)).toBeLessThanOrEqual(Date.now());

    // At once: nothing more reaches the Jugendamt on that consent.
    expect((await ja.get(`/api/v1/referrals/${waiting.id}`)).status).toBe(404);

    const closed = await statusOf(waiting.id, 'consent-revoked');
    expect(closed.statusLabel).toBe('Nach Widerruf beendet');
    expect(closed.statusReason).toEqual({
      code: 'consent-revoked',
      message: 'Die Einwilligung wurde widerrufen.',
    });
    const labels = closed.history.map((h: { label: string }) => h.label);
    expect(labels).toEqual(
      expect.arrayContaining(['Einwilligung widerrufen', 'Fall nach Widerruf beendet']),
    );
    expect(labels).not.toContain('Von Tagesordnungen genommen');
    const diagram = await jc.get(`/api/v1/referrals/${waiting.id}/diagram`);
    expect(diagram.body.activeElementIds).toContain('End_ConsentRevoked');
    expect(diagram.body.completedElementIds).toContain('Task_CloseAfterRevocation');

    const again = await jc.post(`/api/v1/referrals/${waiting.id}/consents/${consentId}/revocation`);
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('Diese Einwilligung ist bereits widerrufen.');
    const late = await jc.post(`/api/v1/referrals/${waiting.id}/consents`, adultConsent());
    expect(late.status).toBe(409);
  });

  it('takes a case off the agenda of a coming conference', async () => {
    const waiting = await waitingCase();
    const planned = await coordinator.post(
      '/api/v1/conferences',
      extraordinaryConference(new Date().getUTCFullYear() + 4),
    );
    expect(planned.status).toBe(201);
    // The agenda as the cycle builds it at the referral deadline (that path has its own test).
    await lotse.db.query(
      `insert into conference_case (conference_id, referral_id, state, position) values ($1, $2, 'selected', 1)`,
      [planned.body.id, waiting.id],
    );

    const revoked = await jc.post(
      `/api/v1/referrals/${waiting.id}/consents/${waiting.consents[0].id}/revocation`,
    );
    expect(revoked.status).toBe(200);
    const closed = await statusOf(waiting.id, 'consent-revoked');
    expect(closed.history.map((h: { label: string }) => h.label)).toContain(
      'Von Tagesordnungen genommen',
    );
    const diagram = await jc.get(`/api/v1/referrals/${waiting.id}/diagram`);
    expect(diagram.body.completedElementIds).toEqual(
      expect.arrayContaining(['Task_WithdrawCase', 'Task_CloseAfterRevocation']),
    );
    const conference = await coordinator.get(`/api/v1/conferences/${planned.body.id}`);
    expect(conference.body.agenda).toEqual([
      expect.objectContaining({
        caseId: waiting.id,
        state: 'withdrawn',
        stateLabel: 'Nach Widerruf zurückgezogen',
      }),
    ]);
  });

  it('keeps the case going while another valid consent remains', async () => {
    const waiting = await waitingCase();
    const second = await jc.post(
      `/api/v1/referrals/${waiting.id}/consents`,
      adultConsent({ signedOn: isoDaysAgo(3), recipients: [I.JC.id, I.AA.id] }),
    );
    expect(second.status).toBe(201);
    const revoked = await jc.post(
      `/api/v1/referrals/${waiting.id}/consents/${waiting.consents[0].id}/revocation`,
    );
    expect(revoked.status).toBe(200);
    // The Jugendamt was named only in the revoked consent.
    expect((await ja.get(`/api/v1/referrals/${waiting.id}`)).status).toBe(404);
    const view = (await jc.get(`/api/v1/referrals/${waiting.id}`)).body;
    expect(view.status).toBe('awaiting-conference');
    // And the engine is not told to close the case.
    const sent = await lotse.db.query(`select 1 from outbox_message where dedup_key = $1`, [
      `consent-revoked:${waiting.id}`,
    ]);
    expect(sent).toHaveLength(0);
    expect(view.consents.map((c: { valid: boolean }) => c.valid).sort()).toEqual([false, true]);
  });

  it('lets only the referrer and the institutions the consent names record it', async () => {
    const waiting = await waitingCase(
      referral({ consent: adultConsent({ recipients: [I.JC.id] }) }),
    );
    const school = await signIn(lotse.baseUrl, 'bk.sachbearbeitung');
    const url = `/api/v1/referrals/${waiting.id}/consents/${waiting.consents[0].id}/revocation`;
    expect((await school.post(url)).status).toBe(404);
    expect((await ja.post(url)).status).toBe(404);
    // The coordinator sees the case (without personal data) but may not record a revocation.
    expect((await coordinator.post(url)).status).toBe(403);
    const bad = await jc.post(`/api/v1/referrals/${waiting.id}/consents/kein-uuid/revocation`);
    expect(bad.status).toBe(400);
    const unknown = await jc.post(
      `/api/v1/referrals/${waiting.id}/consents/00000000-0000-4000-8000-000000000000/revocation`,
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('Diese Einwilligung gibt es nicht.');
  });
});
