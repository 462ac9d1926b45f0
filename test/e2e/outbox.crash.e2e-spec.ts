import { client, eventually, signIn, Lotse, startLotse, testEngine } from '../harness/lotse';
import { MetricsServer } from '@lotse/metrics';
import { referral } from '../harness/fixtures';

/**
 * Nothing the API accepted is lost: referrals answered 202 while the engine is down (killed),
 * or by an API that dies before relaying them, all reach their next state once the parts are
 * back, each with exactly one process instance.
 */
describe('Accepted referrals survive crashes', () => {
  let lotse: Lotse;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    lotse = await startLotse();
    api = await signIn(lotse.baseUrl, 'jc.sachbearbeitung');
  });
  afterAll(async () => {
    try {
      await testEngine.start();
    } finally {
      await lotse?.close();
    }
  });

  async function status(id: string) {
    return (await api.get(`/api/v1/referrals/${id}`)).body.status as string;
  }

  it('while the engine is down', async () => {
    await testEngine.kill();
    // public: down only; which part, on the internal port (issue 14)
    const health = await (await signIn(lotse.baseUrl, 'jc.admin')).get('/health');
    expect(health.status).toBe(503);
    expect(health.body).toEqual({ status: 'down' });
    const ready = await fetch(`${lotse.api!.get(MetricsServer).url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(
      ((await ready.json()) as { checks: { engine: { status: string } } }).checks.engine.status,
    ).toBe('down');

    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await api.post('/api/v1/referrals', referral());
      expect(res.status).toBe(202);
      ids.push(res.body.id);
    }
    // The relay keeps trying; nothing moves without the engine.
    await new Promise((r) => setTimeout(r, 1500));
    const pending = await lotse.db.query(
      `select count(*)::int as n, max(attempts) as attempts from outbox_message
        where sent_at is null and dedup_key = any($1::text[])`,
      [ids.map((id) => `referral-received:${id}`)],
    );
    expect(pending[0].n).toBe(8);
    expect(pending[0].attempts).toBeGreaterThan(0);
    for (const id of ids) expect(await status(id)).toBe('received');

    await testEngine.start();

    await eventually(
      async () => {
        const states = await Promise.all(ids.map(status));
        return states.every((s) => s === 'awaiting-conference') ? states : undefined;
      },
      {
        timeoutMs: 120_000,
        intervalMs: 1000,
        what: 'every referral accepted during the outage to reach awaiting-conference',
      },
    );
  });

  it('when the API dies before relaying', async () => {
    // An API whose relay never runs stands for one that crashed right after answering 202.
    process.env.OUTBOX_RELAY = 'false';
    const doomed = await startLotse({ worker: false });
    delete process.env.OUTBOX_RELAY;
    const res = await (
      await signIn(doomed.baseUrl, 'jc.sachbearbeitung')
    ).post('/api/v1/referrals', referral());
    expect(res.status).toBe(202);
    await doomed.close();

    // The surviving API instance (with its relay) delivers it.
    await eventually(async () => (await status(res.body.id)) === 'awaiting-conference', {
      timeoutMs: 60_000,
      what: 'the orphaned referral to be relayed by the other API',
    });
  });
});
