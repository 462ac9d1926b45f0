import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { MetricsServer } from '@lotse/metrics';
import { MAIL_QUEUE } from '@lotse/notification';
import { referral } from '../harness/fixtures';
import { client, eventually, Lotse, referralInStatus, signIn, startLotse } from '../harness/lotse';

/* eslint-disable @typescript-eslint/no-require-imports */
const { engine } = require('../harness/test-env');
/* eslint-enable @typescript-eslint/no-require-imports */

/** The metric names of one family the Grafana dashboard and the alert rules use. */
function dashboardNames(prefix: RegExp): string[] {
  const text = ['grafana-dashboard.json', 'alerts.yml']
    .map((f) => readFileSync(`${__dirname}/../../infra/observability/${f}`, 'utf8'))
    .join('\n');
  return [...new Set(text.match(new RegExp(`\\b(?:${prefix.source})[a-z0-9_]*`, 'g')) ?? [])];
}

/** One sample of Prometheus' text format. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!m) throw new Error(`not a sample: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[l[1]] = l[2];
    }
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

/** The sum of the samples of `name` whose labels include `labels`. */
function sum(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((a, s) => a + s.value, 0);
}

async function scrape(url: string): Promise<{ text: string; samples: Sample[] }> {
  const res = await fetch(`${url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  return { text, samples: parse(text) };
}

/**
 * Issue 14: the API and the worker serve Prometheus metrics on internal ports of their own (not
 * on the public API port), and the counters move with what users and the engine do; the
 * engine's own metrics are at /actuator/prometheus on its (localhost-bound) port.
 */
describe('Metrics', () => {
  describe('of a running Lotse', () => {
    let lotse: Lotse;
    let apiMetrics: string;
    let workerMetrics: string;

    beforeAll(async () => {
      lotse = await startLotse();
      apiMetrics = lotse.api!.get(MetricsServer).url;
      workerMetrics = lotse.worker!.get(MetricsServer).url;
    });
    afterAll(() => lotse?.close());

    it('are served on internal ports, not on the public API port', async () => {
      const publicPort = Number(new URL(lotse.baseUrl).port);
      const apiPort = Number(new URL(apiMetrics).port);
      const workerPort = Number(new URL(workerMetrics).port);
      expect(new Set([publicPort, apiPort, workerPort]).size).toBe(3);
      expect(new URL(apiMetrics).hostname).toBe('127.0.0.1');

      const onPublic = await client(lotse.baseUrl).get('/metrics', { accept: 'text/plain' });
      expect(onPublic.status).toBe(404);
      expect(String(onPublic.body)).not.toContain('lotse_http_requests_total');
      expect((await client(lotse.baseUrl).get('/api/v1/metrics')).status).toBe(404);

      const api = await scrape(apiMetrics);
      const worker = await scrape(workerMetrics);
      // the dashboard's Node panels use names these registries have
      const nodeNames = dashboardNames(/process_|nodejs_/);
      expect(nodeNames.length).toBeGreaterThan(2);
      expect(nodeNames.filter((n) => !api.samples.some((x) => x.name === n))).toEqual([]);
      // Node's process metrics, each with the app it belongs to
      expect(sum(api.samples, 'process_resident_memory_bytes', { app: 'api' })).toBeGreaterThan(0);
      expect(
        sum(worker.samples, 'process_resident_memory_bytes', { app: 'worker' }),
      ).toBeGreaterThan(0);
      expect(api.samples.every((s) => s.labels.app === 'api')).toBe(true);
      expect(worker.samples.every((s) => s.labels.app === 'worker')).toBe(true);
    });

    it('count a filed referral: its HTTP request, the outbox, the external tasks and its user task', async () => {
      const referrer = await signIn(lotse.baseUrl, 'jc.sachbearbeitung');
      const before = {
        api: (await scrape(apiMetrics)).samples,
        worker: (await scrape(workerMetrics)).samples,
      };
      const filed = { method: 'POST', route: '/api/v1/referrals', status: '202' };

      // without consent: the process checks it and leaves an "obtain consent" task
      const res = await referrer.post('/api/v1/referrals', referral({ consent: undefined }));
      expect(res.status).toBe(202);
      await referralInStatus(referrer, res.body.id, 'awaiting-consent');
      const viewed = await referrer.get(`/api/v1/referrals/${res.body.id}`);
      expect(viewed.status).toBe(200);

      const api = await scrape(apiMetrics);
      expect(sum(api.samples, 'lotse_http_requests_total', filed)).toBe(
        sum(before.api, 'lotse_http_requests_total', filed) + 1,
      );
      expect(sum(api.samples, 'lotse_http_request_duration_seconds_count', filed)).toBe(
        sum(before.api, 'lotse_http_request_duration_seconds_count', filed) + 1,
      );
      expect(sum(api.samples, 'lotse_http_request_duration_seconds_sum', filed)).toBeGreaterThan(
        sum(before.api, 'lotse_http_request_duration_seconds_sum', filed),
      );
      // the case view by its template, with no id in any label
      expect(
        sum(api.samples, 'lotse_http_requests_total', {
          method: 'GET',
          route: '/api/v1/referrals/:id',
          status: '200',
        }),
      ).toBeGreaterThan(0);
      expect(api.text).not.toContain(res.body.id);
      const routes = new Set(api.samples.map((s) => s.labels.route).filter(Boolean));
      for (const route of routes) {
        expect(route).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
      }

      // the start command went through an outbox (the API's or the worker's relay)
      const started = (s: Sample[]) =>
        sum(s, 'lotse_outbox_relay_sent_total', { command: 'start-process' });
      const both = [...api.samples, ...(await scrape(workerMetrics)).samples];
      expect(started(both)).toBeGreaterThan(started([...before.api, ...before.worker]));
      expect(
        sum(both, 'lotse_outbox_relay_attempts_total', { command: 'start-process' }),
      ).toBeGreaterThanOrEqual(started(both));
      for (const app of ['api', 'worker']) {
        const s = both.filter((x) => x.labels.app === app);
        expect(s.some((x) => x.name === 'lotse_outbox_due_messages')).toBe(true);
        expect(s.some((x) => x.name === 'lotse_outbox_oldest_pending_age_seconds')).toBe(true);
      }

      // the worker fetched and completed the consent check (and reports its handler time)
      const check = { topic: 'lotse.consent.check' };
      const worker = await eventually(
        async () => {
          const w = (await scrape(workerMetrics)).samples;
          return sum(w, 'lotse_external_tasks_completed_total', check) >
            sum(before.worker, 'lotse_external_tasks_completed_total', check)
            ? w
            : undefined;
        },
        { what: 'the consent check to be counted' },
      );
      expect(sum(worker, 'lotse_external_tasks_fetched_total', check)).toBeGreaterThan(
        sum(before.worker, 'lotse_external_tasks_fetched_total', check),
      );
      expect(
        sum(worker, 'lotse_external_task_handler_duration_seconds_count', check),
      ).toBeGreaterThan(
        sum(before.worker, 'lotse_external_task_handler_duration_seconds_count', check),
      );
      expect(sum(worker, 'lotse_external_tasks_failed_total', check)).toBe(
        sum(before.worker, 'lotse_external_tasks_failed_total', check),
      );

      // the "obtain consent" task counts as open for the referring Jobcenter, by id and name
      const [inst] = await lotse.db.query(
        `select i.id, i.name from staff_user u join institution i on i.id = u.institution_id
          where u.username = 'jc.sachbearbeitung'`,
      );
      const tasks = await eventually(
        async () => {
          const w = (await scrape(workerMetrics)).samples;
          return sum(w, 'lotse_user_tasks_open', { institution_id: inst.id }) > 0 ? w : undefined;
        },
        { what: 'the open user task to be counted' },
      );
      const open = tasks.find(
        (s) => s.name === 'lotse_user_tasks_open' && s.labels.institution_id === inst.id,
      );
      expect(open?.labels.institution).toBe(inst.name);
      expect(tasks.some((s) => s.name === 'lotse_user_tasks_overdue')).toBe(true);
      // the mail queue's depth, by state
      expect(
        tasks.some((s) => s.name === 'lotse_mail_queue_jobs' && s.labels.state === 'waiting'),
      ).toBe(true);
    });

    it('count refused sign-ins', async () => {
      const before = sum((await scrape(apiMetrics)).samples, 'lotse_sign_in_failures_total', {
        reason: 'wrong_password',
      });
      const res = await client(lotse.baseUrl).post('/api/v1/auth/login', {
        username: 'ja.koordination',
        password: 'falsch-geraten',
      });
      expect(res.status).toBe(401);
      const after = await scrape(apiMetrics);
      expect(sum(after.samples, 'lotse_sign_in_failures_total', { reason: 'wrong_password' })).toBe(
        before + 1,
      );
      expect(
        sum(after.samples, 'lotse_http_requests_total', {
          route: '/api/v1/auth/login',
          status: '401',
        }),
      ).toBeGreaterThan(0);
      expect(after.text).not.toContain('ja.koordination');
      // a right password clears the account's failures (the throttle counts them for 15 minutes)
      await signIn(lotse.baseUrl, 'ja.koordination');
    });

    it('count sign-ins the throttle pauses', async () => {
      const anon = client(lotse.baseUrl);
      const username = `metrics.${randomUUID().slice(0, 8)}`;
      const before = (await scrape(apiMetrics)).samples;
      const statuses: number[] = [];
      // LOGIN_MAX_FAILURES (5) failures for one account from one address, then a pause
      for (let i = 0; i < 6; i++) {
        statuses.push((await anon.post('/api/v1/auth/login', { username, password: 'x' })).status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      const after = await scrape(apiMetrics);
      const count = (s: Sample[], name: string, labels: Record<string, string>) =>
        sum(s, name, labels) - sum(before, name, labels);
      expect(
        count(after.samples, 'lotse_sign_in_failures_total', { reason: 'unknown_account' }),
      ).toBe(5);
      expect(count(after.samples, 'lotse_sign_in_throttled_total', { kind: 'paused' })).toBe(1);
      expect(after.text).not.toContain(username);
    });

    it("the engine's own: JVM and engine state at /actuator/prometheus", async () => {
      const res = await fetch(`${engine.url}/actuator/prometheus`);
      expect(res.status).toBe(200);
      const samples = parse(await res.text());
      expect(
        sum(samples, 'jvm_memory_used_bytes', { application: 'lotse-engine' }),
      ).toBeGreaterThan(0);
      expect(samples.some((s) => s.name === 'hikaricp_connections_active')).toBe(true);
      expect(
        samples
          .filter((s) => s.name === 'operaton_incidents_open')
          .map((s) => s.labels.type)
          .sort(),
      ).toEqual(['failedExternalTask', 'failedJob']);
      expect(sum(samples, 'operaton_process_instances_active')).toBeGreaterThan(0);
      // every engine metric the dashboard and the alert rules query exists
      const used = dashboardNames(/operaton_|jvm_|hikaricp_/);
      expect(used.length).toBeGreaterThan(5);
      expect(used.filter((n) => !samples.some((x) => x.name === n))).toEqual([]);
      // health stays as it was
      expect((await fetch(`${engine.url}/actuator/health`)).status).toBe(200);
    });
  });

  describe('of a worker whose SMTP server refuses', () => {
    let lotse: Lotse;
    let refusing: SMTPServer;
    const saved = { SMTP_PORT: process.env.SMTP_PORT, MAIL_ATTEMPTS: process.env.MAIL_ATTEMPTS };

    beforeAll(async () => {
      // a real SMTP peer that turns every recipient away
      refusing = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onRcptTo(_address, _session, callback) {
          const e = new Error('5.1.1 mailbox unavailable') as Error & { responseCode: number };
          e.responseCode = 550;
          callback(e);
        },
      });
      await new Promise<void>((r) => refusing.listen(0, '127.0.0.1', () => r()));
      const port = (refusing as unknown as { server: { address(): AddressInfo } }).server.address()
        .port;
      process.env.SMTP_PORT = String(port);
      process.env.MAIL_ATTEMPTS = '2';
      lotse = await startLotse({ api: false });
    });
    afterAll(async () => {
      await lotse?.close();
      await new Promise<void>((r) => refusing?.close(() => r()));
      Object.assign(process.env, saved);
    });

    it('counts the retry and the failure', async () => {
      const metrics = lotse.worker!.get(MetricsServer).url;
      const template = { template: 'consent-reminder' };
      const before = (await scrape(metrics)).samples;
      const id = randomUUID();
      await lotse.db.query(
        `insert into notification (id, dedup_key, template, params, recipient_kind, recipient_email)
         values ($1, $2, 'consent-reminder', $3, 'institution', 'refused@schule.example')`,
        [
          id,
          `metrics-test:${id}`,
          JSON.stringify({ reference: 'JBA-METRICS', reason: 'Test', link: 'http://lotse.test/x' }),
        ],
      );
      const queue = lotse.worker!.get<Queue>(getQueueToken(MAIL_QUEUE));
      await queue.add(
        'send-mail',
        { notificationId: id },
        { jobId: id, attempts: 2, backoff: { type: 'fixed', delay: 500 } },
      );

      await eventually(
        async () => {
          const [r] = await lotse.db.query(`select status from notification where id = $1`, [id]);
          return r.status === 'failed' ? r : undefined;
        },
        { what: 'the mail to fail', timeoutMs: 30_000 },
      );
      // BullMQ moves the job to `failed` right after the row was updated
      const after = await eventually(
        async () => {
          const s = (await scrape(metrics)).samples;
          return sum(s, 'lotse_mail_queue_jobs', { state: 'failed' }) >= 1 ? s : undefined;
        },
        { what: 'the failed job in the queue depth', timeoutMs: 10_000 },
      );
      expect(sum(after, 'lotse_mail_retries_total', template)).toBe(
        sum(before, 'lotse_mail_retries_total', template) + 1,
      );
      expect(sum(after, 'lotse_mails_failed_total', template)).toBe(
        sum(before, 'lotse_mails_failed_total', template) + 1,
      );
      expect(sum(after, 'lotse_mails_sent_total', template)).toBe(
        sum(before, 'lotse_mails_sent_total', template),
      );
    });
  });
});
