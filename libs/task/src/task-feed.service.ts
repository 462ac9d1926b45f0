import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  databaseConfig,
  DatabaseConfig,
  engineConfig,
  EngineConfig,
  PgListener,
} from '@lotse/common';
import { applyTaskEventsSql } from './task-projection.service';

/** The channel the engine's task listener notifies on commit (infra/engine, TaskEventRecorder). */
export const TASK_EVENT_CHANNEL = 'lotse_task_event';
const BATCH = 500;
const POLL_MS = 1000;

/**
 * Keeps the task list in step with the engine: consumes the task events the engine writes in
 * its own transactions (created, assigned, updated, completed, deleted by a timer, a message, an
 * event sub-process or a cancellation) into `user_task`. Woken by NOTIFY on commit, polling as a
 * fallback; any number of workers may run it.
 */
@Injectable()
export class TaskFeed implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('TaskFeed');
  private readonly sql: string;
  private running = false;
  private loop?: Promise<void>;
  private listener?: PgListener;
  private wake?: () => void;
  private pending = false;
  private failing = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(engineConfig.KEY) engine: EngineConfig,
    @Inject(databaseConfig.KEY) private readonly db: DatabaseConfig,
  ) {
    this.sql = applyTaskEventsSql(engine.dbSchema);
  }

  async onApplicationBootstrap() {
    this.running = true;
    this.listener = new PgListener({
      url: this.db.url,
      channel: TASK_EVENT_CHANNEL,
      name: 'task feed',
      retryMs: POLL_MS,
      onNotify: () => this.signal(),
      logger: this.logger,
    });
    await this.listener.start();
    this.loop = this.run();
  }

  /** Stops after the batch being applied, before the database connections close. */
  async beforeApplicationShutdown() {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.listener?.stop();
  }

  /** Applies one batch of events; returns how many events it consumed. */
  async drainOnce(): Promise<number> {
    const [r] = await this.dataSource.query(this.sql, [BATCH]);
    if (r.events > 0) {
      this.logger.debug({ msg: 'task events applied', events: r.events, tasks: r.tasks });
    }
    return r.events as number;
  }

  private signal() {
    this.pending = true;
    this.wake?.();
  }

  private async run() {
    while (this.running) {
      let consumed = 0;
      try {
        this.pending = false;
        consumed = await this.drainOnce();
        if (this.failing) this.logger.log({ msg: 'task feed works again' });
        this.failing = false;
      } catch (e) {
        // e.g. the engine has not created its event table yet
        if (!this.failing) {
          this.logger.warn({
            msg: "task feed could not read the engine's task events",
            error: (e as Error).message,
          });
        }
        this.failing = true;
      }
      if (consumed >= BATCH || (this.pending && !this.failing)) continue;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, POLL_MS);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}
