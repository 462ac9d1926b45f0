import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  engineConfig,
  EngineConfig,
  loadEnvironment,
  runWithRequestId,
  saneRequestId,
} from '@lotse/common';
import { LotseMetrics } from '@lotse/metrics';
import { listModelFiles, topicsOf } from './bpmn-model';
import { EngineClient, EngineError, fromEngineVariables, toEngineVariables } from './engine-client';
import { EXTERNAL_TASK_HANDLER, ExternalTaskHandlerOptions } from './external-task.decorator';
import { DuplicateProcessInstance, ExternalTask, TaskOutcome } from './external-task.types';

export type TaskHandler = (task: ExternalTask) => Promise<TaskOutcome>;

interface Registration {
  options: Required<Pick<ExternalTaskHandlerOptions, 'topic' | 'lockDurationMs' | 'retries'>> &
    Pick<ExternalTaskHandlerOptions, 'variables'>;
  handler: TaskHandler;
  owner: string;
}

/** An external task as `fetchAndLock` returns it. */
interface LockedTask {
  id: string;
  topicName: string;
  activityId: string;
  processInstanceId: string;
  processDefinitionId: string;
  processDefinitionKey: string;
  businessKey: string | null;
  retries: number | null;
  variables?: Record<string, { value: unknown; type?: string }>;
  extensionProperties?: Record<string, string>;
}

const DEFAULT_RETRIES = 5;

/** The process variable with the id of the request that started or last moved the instance. */
export const REQUEST_ID_VARIABLE = 'lotseRequestId';

/** Retry back-off for technical failures (retries left after this one): 2 s, 4 s, 8 s ... capped at one minute. */
export function failureBackoffMs(retriesLeft: number, retriesConfigured = DEFAULT_RETRIES): number {
  const attempt = Math.max(1, retriesConfigured - retriesLeft);
  return Math.min(60_000, 1000 * 2 ** attempt);
}

/**
 * Finds every `@ExternalTaskHandler`, refuses to start when a topic used in `bpmn/` has no
 * handler or two, then fetches and locks tasks of all topics with one long poll and runs them.
 * Every fetched task ends in exactly one way: completed, a BPMN error, or a reported failure
 * (retries with back-off, then an incident). A slow handler's lock is extended while it runs.
 * On shutdown it stops fetching, lets running tasks finish and unlocks what did not.
 */
@Injectable()
export class ExternalTaskRegistry
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger('ExternalTasks');
  readonly workerId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  private registrations = new Map<string, Registration>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private running = false;
  private loop?: Promise<void>;
  private poll?: AbortController;
  private slotFreed?: () => void;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly engine: EngineClient,
    @Inject(engineConfig.KEY) private readonly config: EngineConfig,
    @Optional() private readonly metrics: LotseMetrics = LotseMetrics.detached(),
  ) {}

  /** Handlers found in the application, keyed by topic. */
  discover(): Map<string, Registration> {
    const byTopic = new Map<string, Registration>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const proto = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(proto)) {
        const method = instance[name] as (...args: unknown[]) => unknown;
        const options = this.reflector.get<ExternalTaskHandlerOptions | undefined>(
          EXTERNAL_TASK_HANDLER,
          method,
        );
        if (!options) continue;
        const owner = `${instance.constructor.name}.${name}`;
        const existing = byTopic.get(options.topic);
        if (existing) {
          throw new Error(
            `Topic "${options.topic}" has two handlers: ${existing.owner} and ${owner}`,
          );
        }
        byTopic.set(options.topic, {
          options: {
            topic: options.topic,
            variables: options.variables,
            lockDurationMs: options.lockDurationMs ?? this.config.lockDurationMs,
            retries: options.retries ?? DEFAULT_RETRIES,
          },
          owner,
          handler: (task) => method.call(instance, task) as Promise<TaskOutcome>,
        });
      }
    }
    return byTopic;
  }

  /** Checks the handlers against the models before anything else of the app starts. */
  onModuleInit() {
    const byTopic = this.discover();
    const required = topicsOf(listModelFiles(this.config.bpmnDir).bpmn);
    const missing = [...required].filter((t) => !byTopic.has(t));
    if (missing.length > 0) {
      throw new Error(
        `No handler for topic(s) ${missing.join(', ')} used in ${this.config.bpmnDir}/. ` +
          `Every external task needs exactly one @ExternalTaskHandler.`,
      );
    }
    for (const t of byTopic.keys()) {
      if (!required.has(t))
        this.logger.warn({ msg: 'handler for a topic no model uses', topic: t });
    }
    this.registrations = byTopic;
  }

  onApplicationBootstrap() {
    this.running = true;
    this.loop = this.run();
    this.logger.log({
      msg: 'external task workers started',
      workerId: this.workerId,
      topics: [...this.registrations.keys()],
    });
  }

  /**
   * Before the database and Redis connections close (those go in onApplicationShutdown): stop
   * fetching, give running handlers half the shutdown time, hand the rest back to the engine.
   */
  async beforeApplicationShutdown() {
    if (!this.running) return;
    this.running = false;
    await this.withdrawPendingFetch();
    // The withdrawn poll ends at once; tasks it locked just before are run (or handed back)
    // below. Only a poll that hangs on is cut off.
    const pollEnded = await Promise.race([
      this.loop?.then(() => true),
      new Promise<false>((r) => setTimeout(() => r(false), 3000).unref()),
    ]);
    if (!pollEnded) this.poll?.abort();
    this.slotFreed?.();
    await this.loop;
    const running = [...this.inFlight.values()];
    const stopping = Date.now();
    const finished =
      running.length === 0 ||
      (await Promise.race([
        Promise.all(running).then(() => true),
        new Promise<false>((r) => setTimeout(() => r(false), this.shutdownGraceMs()).unref()),
      ]));
    // Hand back what still runs, and whatever the engine still holds for this worker (a poll
    // answered as it was cut off): another worker takes it now, not when the lock runs out.
    const handedBack = await this.unlockAllOfThisWorker();
    this.logger.log({
      msg: 'external task workers stopped',
      workerId: this.workerId,
      running: running.length,
      finished,
      handedBack,
      ms: Date.now() - stopping,
    });
  }

  /** Unlocks every task the engine has locked for this worker; returns how many. */
  private async unlockAllOfThisWorker(): Promise<number> {
    let ids: string[];
    try {
      const locked = await this.engine.get<Array<{ id: string }>>(
        `/external-task?workerId=${encodeURIComponent(this.workerId)}&locked=true`,
        { timeoutMs: 3000 },
      );
      ids = locked.map((t) => t.id);
    } catch (e) {
      this.logger.warn({
        msg: 'could not list the tasks to hand back',
        error: (e as Error).message,
      });
      ids = [...this.inFlight.keys()];
    }
    const results = await Promise.all(
      ids.map((id) =>
        this.engine.post(`/external-task/${id}/unlock`, undefined, { timeoutMs: 3000 }).then(
          () => true,
          (e: Error) => {
            this.logger.warn({
              msg: 'could not hand a task back',
              externalTaskId: id,
              error: e.message,
            });
            return false;
          },
        ),
      ),
    );
    return results.filter(Boolean).length;
  }

  /** Half of SHUTDOWN_TIMEOUT_MS: the rest is for handing back, the mails and the connections. */
  private shutdownGraceMs(): number {
    return Math.floor(loadEnvironment().SHUTDOWN_TIMEOUT_MS / 2);
  }

  /**
   * The engine keeps a long poll pending even when its client is gone, and would lock the next
   * tasks for it. A last fetch under the same worker id replaces it (the engine's
   * unique-worker-request) and asks for nothing.
   */
  private async withdrawPendingFetch() {
    const [first] = this.registrations.values();
    if (!first) return;
    await this.engine
      .post(
        '/external-task/fetchAndLock',
        {
          workerId: this.workerId,
          maxTasks: 0,
          asyncResponseTimeout: 1,
          topics: [{ topicName: first.options.topic, lockDuration: first.options.lockDurationMs }],
        },
        { timeoutMs: 3000 },
      )
      .catch(() => undefined);
  }

  private async run() {
    let failures = 0;
    while (this.running) {
      const free = this.config.maxTasks - this.inFlight.size;
      if (free <= 0) {
        await new Promise<void>((r) => (this.slotFreed = r));
        this.slotFreed = undefined;
        continue;
      }
      this.poll = new AbortController();
      let tasks: LockedTask[];
      try {
        tasks = await this.engine.post<LockedTask[]>(
          '/external-task/fetchAndLock',
          {
            workerId: this.workerId,
            maxTasks: free,
            usePriority: true,
            asyncResponseTimeout: this.config.longPollMs,
            topics: [...this.registrations.values()].map((r) => ({
              topicName: r.options.topic,
              lockDuration: r.options.lockDurationMs,
              includeExtensionProperties: true,
              ...(r.options.variables
                ? { variables: [...r.options.variables, REQUEST_ID_VARIABLE] }
                : {}),
            })),
          },
          { signal: this.poll.signal, timeoutMs: this.config.longPollMs + 15_000 },
        );
        failures = 0;
      } catch (e) {
        if (!this.running) break;
        failures++;
        this.metrics.externalTaskFetchErrors.inc();
        if (failures === 1 || failures % 30 === 0) {
          this.logger.warn({
            msg: 'could not fetch external tasks; trying again',
            attempts: failures,
            error: (e as Error).message,
          });
        }
        // Shutdown (and a finished task) cut the pause short.
        await new Promise<void>((r) => {
          const t = setTimeout(r, Math.min(10_000, 250 * 2 ** Math.min(failures, 6)));
          this.slotFreed = () => {
            clearTimeout(t);
            r();
          };
        });
        this.slotFreed = undefined;
        continue;
      }
      for (const task of tasks) this.start(task);
    }
  }

  private start(locked: LockedTask) {
    const reg = this.registrations.get(locked.topicName);
    if (!reg) return; // cannot happen: only registered topics are fetched
    this.metrics.externalTasksFetched.inc({ topic: locked.topicName });
    // The task's log lines (and outbox commands it writes) carry the id of the request that
    // started or moved its process (a variable set otherwise is taken only when sane).
    const requestId = saneRequestId(locked.variables?.[REQUEST_ID_VARIABLE]?.value);
    const done = runWithRequestId(requestId, () => this.execute(reg, locked)).finally(() => {
      this.inFlight.delete(locked.id);
      this.slotFreed?.();
    });
    this.inFlight.set(locked.id, done);
  }

  private async execute(reg: Registration, locked: LockedTask): Promise<void> {
    const task = this.wrap(reg, locked);
    const log = {
      topic: locked.topicName,
      externalTaskId: locked.id,
      processInstanceId: locked.processInstanceId,
      activityId: locked.activityId,
    };
    const heartbeat = this.keepLocked(reg, locked.id);
    const started = Date.now();
    let outcome: TaskOutcome;
    try {
      outcome = await reg.handler(task);
    } catch (error) {
      clearInterval(heartbeat);
      const duplicate = error instanceof DuplicateProcessInstance;
      this.observe(locked.topicName, duplicate ? 'duplicate' : 'failure', started);
      if (duplicate) return this.cancelDuplicate(locked, error);
      return this.reportFailure(reg, locked, error, log);
    }
    clearInterval(heartbeat);
    const outcomeLabel = outcome.kind === 'complete' ? 'complete' : 'bpmn_error';
    this.observe(locked.topicName, outcomeLabel, started);
    if (this.config.crashBeforeAck === locked.topicName) await this.crash();
    try {
      if (outcome.kind === 'complete') {
        await this.engine.post(`/external-task/${locked.id}/complete`, {
          workerId: this.workerId,
          variables: toEngineVariables(outcome.variables),
        });
      } else {
        await this.engine.post(`/external-task/${locked.id}/bpmnError`, {
          workerId: this.workerId,
          errorCode: outcome.code,
          errorMessage: outcome.message,
          variables: toEngineVariables(outcome.variables),
        });
      }
      this.metrics.externalTasksCompleted.inc({ topic: locked.topicName, outcome: outcomeLabel });
      this.logger.debug({
        msg:
          outcome.kind === 'complete'
            ? 'external task completed'
            : 'external task ended with a BPMN error',
        ...log,
        ...(outcome.kind === 'bpmn-error' ? { errorCode: outcome.code } : {}),
        ms: Date.now() - started,
      });
    } catch (e) {
      this.ackFailed(e, log);
    }
  }

  /** The handler's time for one task, by topic and outcome. */
  private observe(topic: string, outcome: string, started: number) {
    this.metrics.externalTaskDuration.observe({ topic, outcome }, (Date.now() - started) / 1000);
  }

  private wrap(reg: Registration, locked: LockedTask): ExternalTask {
    return {
      id: locked.id,
      topicName: locked.topicName,
      processInstanceId: locked.processInstanceId,
      processDefinitionId: locked.processDefinitionId,
      processDefinitionKey: locked.processDefinitionKey,
      activityId: locked.activityId,
      businessKey: locked.businessKey ?? null,
      retries: locked.retries ?? null,
      variables: fromEngineVariables(locked.variables),
      properties: locked.extensionProperties ?? {},
      complete: (variables = {}) => ({ kind: 'complete', variables }),
      bpmnError: (code, message = code, variables = {}) => ({
        kind: 'bpmn-error',
        code,
        message,
        variables,
      }),
      extendLock: (ms) =>
        this.engine.post(`/external-task/${locked.id}/extendLock`, {
          workerId: this.workerId,
          newDuration: ms,
        }),
    };
  }

  /** Extends the lock of a running handler before it runs out. */
  private keepLocked(reg: Registration, id: string): NodeJS.Timeout {
    const every = Math.max(500, Math.floor(reg.options.lockDurationMs * 0.6));
    const timer = setInterval(() => {
      this.engine
        .post(`/external-task/${id}/extendLock`, {
          workerId: this.workerId,
          newDuration: reg.options.lockDurationMs,
        })
        .catch((e: Error) =>
          this.logger.warn({
            msg: 'could not extend a lock',
            externalTaskId: id,
            error: e.message,
          }),
        );
    }, every);
    timer.unref();
    return timer;
  }

  private async reportFailure(
    reg: Registration,
    locked: LockedTask,
    error: unknown,
    log: Record<string, unknown>,
  ) {
    const message = error instanceof Error ? error.message : String(error);
    const retriesLeft = Math.max((locked.retries ?? reg.options.retries) - 1, 0);
    this.logger.error({ msg: 'external task failed', ...log, retriesLeft, error: message });
    this.metrics.externalTasksFailed.inc({ topic: locked.topicName });
    if (retriesLeft === 0) this.metrics.externalTaskIncidents.inc({ topic: locked.topicName });
    if (this.config.crashBeforeAck === locked.topicName) await this.crash();
    try {
      await this.engine.post(`/external-task/${locked.id}/failure`, {
        workerId: this.workerId,
        errorMessage: message.slice(0, 500),
        errorDetails: error instanceof Error ? (error.stack ?? message) : message,
        retries: retriesLeft,
        retryTimeout: failureBackoffMs(retriesLeft, reg.options.retries),
      });
    } catch (e) {
      this.ackFailed(e, log);
    }
  }

  /** Ends a second instance of one subject; its task goes with it. */
  private async cancelDuplicate(locked: LockedTask, error: DuplicateProcessInstance) {
    this.logger.warn({
      msg: 'second process instance of one subject cancelled',
      processDefinitionKey: locked.processDefinitionKey,
      processInstanceId: locked.processInstanceId,
      recordedInstanceId: error.recordedInstanceId,
      subject: error.subject,
    });
    // If the cancellation fails (engine unreachable), the lock runs out and the task comes back.
    await this.engine
      .deleteProcessInstance(locked.processInstanceId, `duplicate of ${error.recordedInstanceId}`)
      .catch(() => undefined);
  }

  /**
   * The engine did not take the outcome. A task it no longer has was completed by an earlier
   * delivery or left with its instance: nothing to do. Otherwise the lock runs out and the task
   * is delivered again, which the idempotent handlers absorb.
   */
  private ackFailed(e: unknown, log: Record<string, unknown>) {
    const err = e as EngineError;
    if (err instanceof EngineError && err.notFound) {
      this.logger.debug({ msg: 'external task already gone', ...log });
      return;
    }
    this.logger.warn({
      msg: 'the engine did not take a task outcome; the task will be delivered again',
      ...log,
      error: err?.message,
    });
  }

  /** Fault injection for the crash tests (LOTSE_CRASH_BEFORE_ACK=<topic>). */
  private crash(): Promise<never> {
    process.kill(process.pid, 'SIGKILL');
    return new Promise<never>(() => undefined);
  }
}
