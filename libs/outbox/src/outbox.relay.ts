import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  databaseConfig,
  DatabaseConfig,
  outboxConfig,
  OutboxConfig,
  PgListener,
  runWithRequestId,
} from '@lotse/common';
import { EngineClient, EngineError, toEngineVariables } from '@lotse/engine';
import { LotseMetrics } from '@lotse/metrics';
import { OutboxCommand } from './outbox-message.entity';
import { OUTBOX_CHANNEL } from './outbox.service';

const BATCH = 100;
/** Commands a relay has in flight at once. */
const MAX_IN_FLIGHT = 16;

type Row = {
  id: string;
  command: OutboxCommand;
  attempts: number;
  created_at: Date;
  request_id: string | null;
};
type Sent = 'sent' | 'expired';

export function relayBackoffMs(attempts: number, maxMs: number): number {
  return Math.min(maxMs, 250 * 2 ** Math.min(attempts, 16));
}

/**
 * Back-off for a message no instance waits for yet: soon at first (the process is usually a
 * step behind), then up to a minute, so that a message offered for a day costs ~1,500 calls.
 */
export function waitingMessageBackoffMs(attempts: number, maxMs: number): number {
  return Math.max(
    relayBackoffMs(attempts, maxMs),
    Math.min(60_000, 250 * 2 ** Math.min(attempts, 16)),
  );
}

/**
 * The command as sent: a start or a message carries the id of the request that wrote it as the
 * process variable `lotseRequestId`, which the worker reads with each external task and logs.
 */
export function withRequestId(command: OutboxCommand, requestId: string | null): OutboxCommand {
  if (!requestId || command.type === 'cancel-process-instance') return command;
  return { ...command, variables: { ...command.variables, lotseRequestId: requestId } };
}

/**
 * Sends outbox commands to the engine. Several relays (API and worker replicas) share the table
 * through `FOR UPDATE SKIP LOCKED`; each is woken by NOTIFY after a commit and polls as a
 * fallback. A command stays in the table until the engine accepted it (or, for a message, until
 * no instance took it within its time to live), so a 2xx answer of the API survives a crash of
 * the engine, the API or the relay.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private running = false;
  private loop?: Promise<void>;
  private listener?: PgListener;
  private wake?: () => void;
  private pending = false;
  /** Rounds in a row in which the engine could not be reached. */
  private unavailableRounds = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engine: EngineClient,
    @Inject(outboxConfig.KEY) private readonly config: OutboxConfig,
    @Inject(databaseConfig.KEY) private readonly db: DatabaseConfig,
    @Optional() private readonly metrics: LotseMetrics = LotseMetrics.detached(),
  ) {}

  async onApplicationBootstrap() {
    if (!this.config.relay) return;
    this.running = true;
    this.listener = new PgListener({
      url: this.db.url,
      channel: OUTBOX_CHANNEL,
      name: 'outbox',
      retryMs: this.config.pollMs,
      onNotify: () => this.signal(),
      logger: this.logger,
    });
    await this.listener.start();
    this.loop = this.run();
  }

  /** Stops after the batch being sent, before the database connections close. */
  async beforeApplicationShutdown() {
    this.running = false;
    this.signal();
    await this.loop;
    await this.listener?.stop();
  }

  /** Wakes the loop now (after a commit in this process). */
  signal() {
    this.pending = true;
    this.wake?.();
  }

  private async run() {
    while (this.running) {
      let sent = 0;
      let nextDueMs = this.config.pollMs;
      let unavailable = false;
      try {
        this.pending = false;
        ({ claimed: sent, nextDueMs, unavailable } = await this.drainOnce());
      } catch (e) {
        this.logger.warn({ msg: 'outbox relay round failed', error: (e as Error).message });
      }
      if (unavailable) {
        // The engine is down: wait (doubling) instead of sending the rest into the outage.
        await this.pause(
          Math.min(this.config.maxBackoffMs, 100 * 2 ** Math.min(this.unavailableRounds, 10)),
        );
        this.unavailableRounds++;
        continue;
      }
      this.unavailableRounds = 0;
      if (sent >= BATCH || this.pending) continue;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(10, Math.min(nextDueMs, this.config.pollMs)));
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /** Waits; only shutdown cuts it short (a NOTIFY would just send into the outage again). */
  private async pause(ms: number) {
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        if (this.running) return;
        clearTimeout(t);
        resolve();
      };
    });
    this.wake = undefined;
  }

  /**
   * Sends one batch of due commands, at most MAX_IN_FLIGHT at a time. When the engine cannot be
   * reached, no further sends start in this round: rows not tried stay due as they are and
   * `unavailable` tells the loop to pause. A message no instance waits for yet is tried again
   * with back-off until its time to live ends. Exposed for tests and benchmarks.
   */
  async drainOnce(): Promise<{ claimed: number; nextDueMs: number; unavailable: boolean }> {
    return this.dataSource.transaction(async (m) => {
      const rows: Row[] = await m.query(
        `select id, command, attempts, created_at, request_id from outbox_message
          where sent_at is null and expired_at is null and available_at <= now()
          order by id limit $1 for update skip locked`,
        [BATCH],
      );
      const done: string[] = [];
      const expired: string[] = [];
      const failed: Array<{ row: Row; error: Error }> = [];
      let unavailable = false;
      let next = 0;
      const lane = async () => {
        while (!unavailable && next < rows.length) {
          const row = rows[next++];
          const command = row.command.type;
          this.metrics.outboxAttempts.inc({ command });
          try {
            // the relay's log lines for this command carry the request id that wrote it
            const result = await runWithRequestId(row.request_id, () => this.send(row));
            if (result === 'sent') {
              done.push(row.id);
              this.metrics.outboxSent.inc({ command });
              this.logger.debug({
                msg: 'outbox command sent',
                outboxId: row.id,
                type: command,
                ...(row.request_id ? { requestId: row.request_id } : {}),
              });
            } else {
              expired.push(row.id);
              this.metrics.outboxExpired.inc({ command });
            }
          } catch (e) {
            const error = e as Error;
            failed.push({ row, error });
            const down = !(error instanceof EngineError) || error.unavailable;
            if (down) unavailable = true;
            this.metrics.outboxFailures.inc({
              command,
              reason: down
                ? 'unavailable'
                : (error as EngineError).noMatchingSubscription
                  ? 'waiting'
                  : 'rejected',
            });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(MAX_IN_FLIGHT, rows.length) }, lane));
      if (failed.length) {
        // one statement for all failures (an engine outage fails a whole batch)
        await m.query(
          `update outbox_message o set attempts = o.attempts + 1, last_error = f.error,
                  available_at = now() + (f.backoff || ' milliseconds')::interval
             from unnest($1::bigint[], $2::text[], $3::text[]) as f(id, error, backoff)
            where o.id = f.id`,
          [
            failed.map((f) => f.row.id),
            failed.map((f) => String(f.error?.message ?? f.error).slice(0, 500)),
            failed.map((f) =>
              String(
                f.error instanceof EngineError && f.error.noMatchingSubscription
                  ? waitingMessageBackoffMs(f.row.attempts, this.config.maxBackoffMs)
                  : relayBackoffMs(f.row.attempts, this.config.maxBackoffMs),
              ),
            ),
          ],
        );
        for (const { row, error } of failed) {
          const waiting = error instanceof EngineError && error.noMatchingSubscription;
          if (row.attempts === 0 || row.attempts % 20 === 0) {
            this.logger[waiting ? 'debug' : 'warn']({
              msg: waiting
                ? 'no process instance waits for this message yet; will retry'
                : 'the engine did not accept an outbox command; will retry',
              outboxId: row.id,
              type: row.command.type,
              ...(row.request_id ? { requestId: row.request_id } : {}),
              attempts: row.attempts + 1,
              error: error?.message,
            });
          }
        }
      }
      if (done.length) {
        await m.query(`update outbox_message set sent_at = now() where id = any($1::bigint[])`, [
          done,
        ]);
      }
      if (expired.length) {
        await m.query(`update outbox_message set expired_at = now() where id = any($1::bigint[])`, [
          expired,
        ]);
        this.logger.log({
          msg: 'messages lapsed: no process instance took them',
          outboxIds: expired,
        });
      }
      // NULL when nothing is pending (greatest(0, NULL) would be 0: a relay that polled every
      // 10 ms while idle, ~100 empty transactions a second each; see bench/README.md, "idle")
      const [due] = await m.query(
        `select (extract(epoch from (min(available_at) - now())) * 1000)::int as ms
           from outbox_message where sent_at is null and expired_at is null`,
      );
      return {
        claimed: done.length + expired.length + failed.length,
        nextDueMs: typeof due?.ms === 'number' ? Math.max(0, due.ms) : this.config.pollMs,
        unavailable: unavailable && done.length + expired.length + failed.length < rows.length,
      };
    });
  }

  private async send(row: Row): Promise<Sent> {
    const command = withRequestId(row.command, row.request_id);
    switch (command.type) {
      case 'start-process': {
        // A retry (or a send whose answer was lost in a crash) must not start a second instance.
        const existing = await this.engine.countProcessInstances(
          command.businessKey,
          command.processDefinitionKey,
        );
        if (existing > 0) return 'sent';
        await this.engine.correlateMessage({
          messageName: command.messageName,
          businessKey: command.businessKey,
          processVariables: toEngineVariables(command.variables),
        });
        return 'sent';
      }
      case 'correlate-message':
        try {
          await this.engine.correlateMessage({
            messageName: command.messageName,
            businessKey: command.businessKey,
            ...(command.correlationKeys
              ? { correlationKeys: toEngineVariables(command.correlationKeys) }
              : {}),
            processVariables: toEngineVariables(command.variables),
          });
          return 'sent';
        } catch (e) {
          const lapsed = Date.now() >= new Date(row.created_at).getTime() + command.timeToLiveMs;
          if (e instanceof EngineError && e.noMatchingSubscription && lapsed) return 'expired';
          throw e;
        }
      case 'cancel-process-instance':
        try {
          await this.engine.deleteProcessInstance(command.processInstanceId, 'cancelled by Lotse');
        } catch (e) {
          if (!(e instanceof EngineError && e.notFound)) throw e;
        }
        return 'sent';
    }
  }
}
