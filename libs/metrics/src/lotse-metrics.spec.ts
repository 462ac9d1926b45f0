import { LotseMetrics } from './lotse-metrics';
import { MetricsServer } from './metrics-server';

describe('LotseMetrics', () => {
  it('keeps one registry per app, so the API and a worker in one process do not mix', async () => {
    const api = new LotseMetrics('api', { defaultMetrics: false });
    const worker = new LotseMetrics('worker', { defaultMetrics: false });
    api.httpRequests.inc({ method: 'GET', route: '/health', status: '200' });
    worker.mailsSent.inc({ template: 'call-for-referrals' });
    const a = await api.scrape();
    const w = await worker.scrape();
    expect(a).toContain(
      'lotse_http_requests_total{method="GET",route="/health",status="200",app="api"} 1',
    );
    expect(a).not.toMatch(/lotse_mails_sent_total\{/);
    expect(w).toContain('lotse_mails_sent_total{template="call-for-referrals",app="worker"} 1');
  });

  it('adds Node process metrics with the app label', async () => {
    const m = new LotseMetrics('worker');
    expect(await m.scrape()).toMatch(/^process_cpu_user_seconds_total\{app="worker"\} \d/m);
  });

  it('reads a shared source once for several gauges and survives its failure', async () => {
    const m = new LotseMetrics('api', { defaultMetrics: false });
    let reads = 0;
    let fail = false;
    const read = m.sharedCollect('test', async () => {
      reads++;
      if (fail) throw new Error('database down');
      a.set(reads);
      b.set(reads * 10);
    });
    const a = m.gauge({ name: 'test_a', help: 'a', collect: read });
    const b = m.gauge({ name: 'test_b', help: 'b', collect: read });
    let text = await m.scrape();
    expect(reads).toBe(1);
    expect(text).toContain('test_a{app="api"} 1');
    expect(text).toContain('test_b{app="api"} 10');
    // a second gauge of the same name is the first
    expect(m.gauge({ name: 'test_a', help: 'a' })).toBe(a);

    // the next scrape reads again
    text = await m.scrape();
    expect(reads).toBe(2);
    expect(text).toContain('test_b{app="api"} 20');

    fail = true;
    text = await m.scrape();
    expect(reads).toBe(3);
    expect(text).toContain('test_a{app="api"} 2'); // the last value stays
    // counted while that scrape ran: the next one shows it
    expect(await m.scrape()).toContain(
      'lotse_metrics_collect_failures_total{collector="test",app="api"} 1',
    );
  });
});

describe('MetricsServer', () => {
  it('serves /metrics in the text format on its own port and nothing else', async () => {
    const m = new LotseMetrics('api', { defaultMetrics: false });
    m.signInFailures.inc({ reason: 'wrong_password' });
    const server = new MetricsServer(m, { host: '127.0.0.1', port: 0 });
    await server.onApplicationBootstrap();
    try {
      const res = await fetch(`${server.url}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(await res.text()).toContain(
        'lotse_sign_in_failures_total{reason="wrong_password",app="api"} 1',
      );
      expect((await fetch(`${server.url}/`)).status).toBe(404);
      expect((await fetch(`${server.url}/metrics`, { method: 'POST' })).status).toBe(405);
    } finally {
      await server.onApplicationShutdown();
    }
  });

  it('refuses to start on a port that is taken, naming the setting', async () => {
    const m = new LotseMetrics('worker', { defaultMetrics: false });
    const first = new MetricsServer(m, { host: '127.0.0.1', port: 0 });
    await first.onApplicationBootstrap();
    try {
      const second = new MetricsServer(m, { host: '127.0.0.1', port: first.port });
      await expect(second.onApplicationBootstrap()).rejects.toThrow(/EADDRINUSE.*METRICS_PORT/);
    } finally {
      await first.onApplicationShutdown();
    }
  });
});
