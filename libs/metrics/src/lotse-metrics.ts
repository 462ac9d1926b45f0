import { Logger } from '@nestjs/common';
import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  GaugeConfiguration,
  Histogram,
  Registry,
} from 'prom-client';

/** The process a registry belongs to: its `app` label. */
export type MetricsApp = 'api' | 'worker';

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const HANDLER_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Lotse's metrics of one process (the API or the worker), in one prom-client registry with
 * Node's default process metrics and the label `app`. Events are counted where they happen
 * (the fields below); states that live in the database or in Redis (outbox backlog, open user
 * tasks, the mail queue) are read when Prometheus scrapes, by gauges the owning library adds
 * with `gauge()` and a `collect` callback.
 *
 * Labels carry route templates, topics, templates, institution ids and outcomes only: never a
 * name, an e-mail address, a case id or anything else about a person.
 */
export class LotseMetrics {
  private readonly logger = new Logger('Metrics');
  readonly registry: Registry;

  // HTTP (api)
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  // outbox relay (api and worker)
  readonly outboxAttempts: Counter<'command'>;
  readonly outboxFailures: Counter<'command' | 'reason'>;
  readonly outboxSent: Counter<'command'>;
  readonly outboxExpired: Counter<'command'>;

  // external tasks (worker)
  readonly externalTasksFetched: Counter<'topic'>;
  readonly externalTasksCompleted: Counter<'topic' | 'outcome'>;
  readonly externalTasksFailed: Counter<'topic'>;
  readonly externalTaskIncidents: Counter<'topic'>;
  readonly externalTaskDuration: Histogram<'topic' | 'outcome'>;
  readonly externalTaskFetchErrors: Counter;

  // mail (worker)
  readonly mailsSent: Counter<'template'>;
  readonly mailsFailed: Counter<'template'>;
  readonly mailRetries: Counter<'template'>;
  readonly mailsWithheld: Counter<'template'>;

  // sign-in (api)
  readonly signInFailures: Counter<'reason'>;
  readonly signInThrottled: Counter<'kind'>;

  /** A gauge whose collect callback failed (the database or Redis did not answer the scrape). */
  readonly collectFailures: Counter<'collector'>;

  constructor(
    readonly app: MetricsApp,
    opts: { defaultMetrics?: boolean } = {},
  ) {
    this.registry = new Registry();
    this.registry.setDefaultLabels({ app });
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];

    this.httpRequests = new Counter({
      name: 'lotse_http_requests_total',
      help: 'HTTP requests answered, by method, route template and status code.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'lotse_http_request_duration_seconds',
      help: 'Time from receiving an HTTP request to the end of its answer.',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_BUCKETS,
      registers,
    });

    this.outboxAttempts = new Counter({
      name: 'lotse_outbox_relay_attempts_total',
      help: 'Outbox commands the relay sent to the engine (first tries and retries).',
      labelNames: ['command'],
      registers,
    });
    this.outboxFailures = new Counter({
      name: 'lotse_outbox_relay_failures_total',
      help:
        'Outbox sends the engine did not accept, by reason: unavailable (engine not reachable), ' +
        'waiting (no instance waits for the message yet), rejected (any other engine error).',
      labelNames: ['command', 'reason'],
      registers,
    });
    this.outboxSent = new Counter({
      name: 'lotse_outbox_relay_sent_total',
      help: 'Outbox commands the engine accepted.',
      labelNames: ['command'],
      registers,
    });
    this.outboxExpired = new Counter({
      name: 'lotse_outbox_relay_expired_total',
      help: 'Messages that lapsed: no process instance took them within their time to live.',
      labelNames: ['command'],
      registers,
    });

    this.externalTasksFetched = new Counter({
      name: 'lotse_external_tasks_fetched_total',
      help: 'External tasks this worker fetched and locked, by topic.',
      labelNames: ['topic'],
      registers,
    });
    this.externalTasksCompleted = new Counter({
      name: 'lotse_external_tasks_completed_total',
      help: 'External tasks reported done to the engine, by topic and outcome (complete, bpmn_error).',
      labelNames: ['topic', 'outcome'],
      registers,
    });
    this.externalTasksFailed = new Counter({
      name: 'lotse_external_tasks_failed_total',
      help: 'External tasks whose handler failed (a technical failure reported to the engine).',
      labelNames: ['topic'],
      registers,
    });
    this.externalTaskIncidents = new Counter({
      name: 'lotse_external_task_incidents_total',
      help: 'Failures with no retries left: the engine opens an incident an operator must resolve.',
      labelNames: ['topic'],
      registers,
    });
    this.externalTaskDuration = new Histogram({
      name: 'lotse_external_task_handler_duration_seconds',
      help: 'Time a handler ran for one external task, by topic and outcome (complete, bpmn_error, failure, duplicate).',
      labelNames: ['topic', 'outcome'],
      buckets: HANDLER_BUCKETS,
      registers,
    });
    this.externalTaskFetchErrors = new Counter({
      name: 'lotse_external_task_fetch_errors_total',
      help: 'Fetches of external tasks that failed (engine unreachable or refusing).',
      registers,
    });

    this.mailsSent = new Counter({
      name: 'lotse_mails_sent_total',
      help: 'Mails delivered to the SMTP server, by template.',
      labelNames: ['template'],
      registers,
    });
    this.mailsFailed = new Counter({
      name: 'lotse_mails_failed_total',
      help: 'Mails given up after their last attempt (status failed), by template.',
      labelNames: ['template'],
      registers,
    });
    this.mailRetries = new Counter({
      name: 'lotse_mail_retries_total',
      help: 'Delivery attempts that failed and will be retried, by template.',
      labelNames: ['template'],
      registers,
    });
    this.mailsWithheld = new Counter({
      name: 'lotse_mails_withheld_total',
      help: 'Queued mails not sent because the consent behind them is no longer valid.',
      labelNames: ['template'],
      registers,
    });

    this.signInFailures = new Counter({
      name: 'lotse_sign_in_failures_total',
      help: 'Refused sign-ins with a password: unknown account, wrong password, or a locked account.',
      labelNames: ['reason'],
      registers,
    });
    this.signInThrottled = new Counter({
      name: 'lotse_sign_in_throttled_total',
      help:
        'Sign-ins slowed down by the throttle: paused (refused with 429 for one account and ' +
        'address) or delayed (an address with many failures waits before its password is checked).',
      labelNames: ['kind'],
      registers,
    });

    this.collectFailures = new Counter({
      name: 'lotse_metrics_collect_failures_total',
      help: 'Scrapes in which a gauge could not read its source (database, Redis or engine).',
      labelNames: ['collector'],
      registers,
    });
  }

  /**
   * Metrics that go nowhere, for a service built without the metrics module (one-off commands,
   * unit tests).
   */
  static detached(): LotseMetrics {
    return new LotseMetrics('worker', { defaultMetrics: false });
  }

  /** Adds a gauge to this registry (or returns the one of that name), e.g. with a `collect` callback. */
  gauge<T extends string>(config: Omit<GaugeConfiguration<T>, 'registers'>): Gauge<T> {
    const existing = this.registry.getSingleMetric(config.name);
    if (existing) return existing as Gauge<T>;
    return new Gauge<T>({ ...config, registers: [this.registry] });
  }

  /**
   * One read of a source for several gauges in one scrape: prom-client asks every gauge at once,
   * the first gauge's collect starts the read and the others join it while it runs. A failing
   * read is counted and logged (the driver's message, no personal data) and leaves the gauges at
   * their last values, so that one slow source does not fail the whole scrape.
   */
  sharedCollect(collector: string, read: () => Promise<void>): () => Promise<void> {
    let running: Promise<void> | undefined;
    return () => {
      running ??= read()
        .catch((e: unknown) => {
          this.collectFailures.inc({ collector });
          this.logger.warn({
            msg: 'a metric could not be read',
            collector,
            error: (e as Error)?.message,
          });
        })
        .finally(() => (running = undefined));
      return running;
    };
  }

  /** The registry in Prometheus' text format. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
