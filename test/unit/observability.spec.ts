import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LotseMetrics } from '@lotse/metrics';
import { MailMetrics } from '../../libs/notification/src/mail.metrics';
import { OutboxMetrics } from '../../libs/outbox/src/outbox.metrics';
import { TaskMetrics } from '../../libs/task/src/task.metrics';

/**
 * infra/observability (dashboard, alert rules) is read by no test of Prometheus here; this keeps
 * it honest against the code: every `lotse_*` metric it names exists in an app's registry.
 */
const DIR = join(__dirname, '../../infra/observability');
const read = (file: string) => readFileSync(join(DIR, file), 'utf8');

/** Every metric name an app registers, including the gauges the libraries add. */
function registeredNames(): Set<string> {
  const metrics = new LotseMetrics('worker', { defaultMetrics: false });
  // the collectors only register their gauges here; their sources are read when scraped
  new OutboxMetrics(undefined as never, metrics).onModuleInit();
  new TaskMetrics(undefined as never, metrics).onModuleInit();
  new MailMetrics(undefined as never, metrics).onModuleInit();
  const names = new Set<string>();
  for (const m of metrics.registry.getMetricsAsArray()) {
    const { name, type } = m as unknown as { name: string; type: string };
    names.add(name);
    if (type === 'histogram') {
      for (const suffix of ['_bucket', '_count', '_sum']) names.add(name + suffix);
    }
  }
  return names;
}

function lotseNamesIn(text: string): string[] {
  return [...new Set(text.match(/\blotse_[a-z0-9_]+/g) ?? [])];
}

describe('infra/observability', () => {
  const names = registeredNames();

  it('has Prometheus-style names with units', () => {
    for (const n of names) {
      expect(n).toMatch(/^lotse_[a-z0-9_]+$/);
    }
    for (const n of names) {
      if (/_(total|bucket|count|sum)$/.test(n)) continue;
      // gauges and histograms say what they count or measure
      expect(n).toMatch(/_(seconds|messages|jobs|open|overdue)$/);
    }
  });

  it('alert rules name only metrics that exist', () => {
    const text = read('alerts.yml');
    const used = lotseNamesIn(text);
    expect(used.length).toBeGreaterThan(8);
    expect(used.filter((n) => !names.has(n))).toEqual([]);
    // the alerts the issue asks for
    for (const alert of [
      'LotseOutboxBacklogGrowing',
      'LotseEngineIncidentsOpen',
      'LotseMailFailures',
      'LotseEngineDown',
      'LotseApiDown',
      'LotseWorkerDown',
    ]) {
      expect(text).toContain(`alert: ${alert}\n`);
    }
  });

  it('the dashboard is valid JSON and names only metrics that exist', () => {
    const dashboard = JSON.parse(read('grafana-dashboard.json')) as {
      uid: string;
      panels: Array<{ id: number; type: string; targets?: Array<{ expr: string }> }>;
    };
    expect(dashboard.uid).toBe('lotse-operations');
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    const used = lotseNamesIn(exprs.join('\n'));
    expect(used.filter((n) => !names.has(n))).toEqual([]);
    // every Lotse metric is on the dashboard (histograms through their buckets)
    const shown = new Set(used.map((n) => n.replace(/_bucket$/, '')));
    const missing = [...names].filter(
      (n) =>
        !/_(bucket|count|sum)$/.test(n) &&
        !shown.has(n) &&
        n !== 'lotse_metrics_collect_failures_total' &&
        n !== 'lotse_outbox_relay_sent_total' &&
        n !== 'lotse_outbox_relay_expired_total' &&
        n !== 'lotse_external_task_incidents_total',
    );
    expect(missing).toEqual([]);
  });

  it('the scrape example covers the api, the worker and the engine', () => {
    const text = read('prometheus.yml');
    expect(text).toContain("targets: ['api:9464']");
    expect(text).toContain("targets: ['worker:9465']");
    expect(text).toContain('metrics_path: /actuator/prometheus');
    expect(text).toContain('- alerts.yml');
  });
});
