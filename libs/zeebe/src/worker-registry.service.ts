import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { zeebeConfig, ZeebeConfig } from '@lotse/common';
import { jobTypesOf, listModelFiles } from './bpmn-model';
import { JOB_WORKER_METADATA, JobWorkerOptions } from './job-worker.decorator';
import { DuplicateProcessInstance } from './job.types';
import type { Job, JobAck } from './job.types';
import type { ZeebeClient } from './zeebe-client.factory';
import { ZEEBE_CLIENT } from './zeebe.tokens';

export type JobHandler = (job: Job) => Promise<JobAck>;

interface Registration {
  options: JobWorkerOptions;
  handler: JobHandler;
  owner: string;
}

/**
 * Fault injection for the crash tests (LOTSE_CRASH_BEFORE_ACK=<job type>): the process dies
 * after the handler did its work and right before it acknowledges the job, as a crash would.
 */
function crashOnAck(job: Job): Job {
  const die = () => {
    process.kill(process.pid, 'SIGKILL');
    return new Promise<never>(() => undefined);
  };
  return Object.assign(Object.create(job) as Job, { complete: die, error: die, fail: die });
}

/** Retry backoff for technical failures: 2 s, 4 s, 8 s ... capped at one minute. */
export function failureBackoffMs(retriesLeft: number, retriesConfigured = 3): number {
  const attempt = Math.max(1, retriesConfigured - retriesLeft + 1);
  return Math.min(60_000, 1000 * 2 ** attempt);
}

/**
 * Finds every `@JobWorker` handler, refuses to start when a job type in `bpmn/` has no handler
 * or two, then opens one Zeebe worker per type. On shutdown it lets in-flight jobs finish.
 */
@Injectable()
export class WorkerRegistry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WorkerRegistry');
  private readonly workers: Array<{ close: (timeout?: number) => Promise<unknown> | void }> = [];
  private registrations: Registration[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    @Inject(ZEEBE_CLIENT) private readonly client: ZeebeClient,
    @Inject(zeebeConfig.KEY) private readonly config: ZeebeConfig,
  ) {}

  /** Handlers found in the application, keyed by job type. */
  discover(): Map<string, Registration> {
    const byType = new Map<string, Registration>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const proto = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(proto)) {
        const method = instance[name] as (...args: unknown[]) => unknown;
        const options = this.reflector.get<JobWorkerOptions | undefined>(
          JOB_WORKER_METADATA,
          method,
        );
        if (!options) continue;
        const owner = `${instance.constructor.name}.${name}`;
        const existing = byType.get(options.type);
        if (existing) {
          throw new Error(
            `Job type "${options.type}" has two workers: ${existing.owner} and ${owner}`,
          );
        }
        byType.set(options.type, {
          options,
          owner,
          handler: (job) => method.call(instance, job) as Promise<JobAck>,
        });
      }
    }
    return byType;
  }

  onApplicationBootstrap() {
    const byType = this.discover();
    const required = jobTypesOf(listModelFiles(this.config.bpmnDir).bpmn);
    const missing = [...required].filter((t) => !byType.has(t));
    if (missing.length > 0) {
      throw new Error(
        `No worker for job type(s) ${missing.join(', ')} used in ${this.config.bpmnDir}/. ` +
          `Every service task needs exactly one @JobWorker handler.`,
      );
    }
    for (const t of byType.keys()) {
      if (!required.has(t))
        this.logger.warn({ msg: 'worker for a job type no model uses', jobType: t });
    }
    this.registrations = [...byType.values()];
    for (const reg of this.registrations) this.start(reg);
    this.logger.log({
      msg: 'workers started',
      jobTypes: this.registrations.map((r) => r.options.type),
    });
  }

  private start(reg: Registration) {
    const {
      type,
      timeoutMs = this.config.jobTimeoutMs,
      maxJobs = this.config.workerMaxJobs,
      fetchVariables,
    } = reg.options;
    const worker = this.client.createWorker<
      Record<string, unknown>,
      Record<string, string>,
      Record<string, unknown>
    >({
      taskType: type,
      timeout: timeoutMs,
      maxJobsToActivate: maxJobs,
      ...(fetchVariables ? { fetchVariable: fetchVariables } : {}),
      // The long poll waits at the gateway until jobs exist; this is only the gap before the
      // next long poll after one returned. At 100 ms every job created in that gap waited
      // ~50 ms (task projection p50 58 ms → 15 ms, bench/README.md). Job push
      // (client.streamJobs) would remove it, but the SDK's stream (8.6.38) does not reconnect
      // and crashes the process with an unhandled 'error' when it is closed.
      pollInterval: 20,
      longPoll: 30_000,
      loglevel: 'NONE',
      taskHandler: async (job) => {
        try {
          return await reg.handler(this.config.crashBeforeAck === type ? crashOnAck(job) : job);
        } catch (error) {
          if (error instanceof DuplicateProcessInstance) return this.cancelDuplicate(job, error);
          const message = error instanceof Error ? error.message : String(error);
          const retries = Math.max(job.retries - 1, 0);
          this.logger.error({
            msg: 'job failed',
            jobType: type,
            jobKey: job.key,
            processInstanceKey: job.processInstanceKey,
            retriesLeft: retries,
            error: message,
          });
          return job.fail({
            errorMessage: message.slice(0, 500),
            retries,
            retryBackOff: failureBackoffMs(job.retries),
          });
        }
      },
    });
    this.workers.push(worker);
  }

  /** Ends a second instance of one subject; its job is released, the instance is gone. */
  private async cancelDuplicate(
    job: { key: string; processInstanceKey: string; bpmnProcessId: string; forward: () => JobAck },
    error: DuplicateProcessInstance,
  ): Promise<JobAck> {
    this.logger.warn({
      msg: 'second process instance of one subject cancelled',
      bpmnProcessId: job.bpmnProcessId,
      processInstanceKey: job.processInstanceKey,
      recordedInstanceKey: error.recordedInstanceKey,
      subject: error.subject,
    });
    // If the cancellation fails (engine unreachable), the job times out and comes back.
    await this.client.cancelProcessInstance(job.processInstanceKey).catch(() => undefined);
    return job.forward();
  }

  async onApplicationShutdown() {
    await Promise.all(
      this.workers.map((w) => Promise.resolve(w.close(10_000)).catch(() => undefined)),
    );
    this.workers.length = 0;
  }
}
