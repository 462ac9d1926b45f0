import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { databaseConfig, DatabaseConfig, outboxConfig, OutboxConfig } from '@lotse/common';
import { ZEEBE_CLIENT, ZeebeClient } from '@lotse/zeebe';
import { OutboxCommand } from './outbox-message.entity';
import { OUTBOX_CHANNEL } from './outbox.service';

const BATCH = 100;
const SEND_TIMEOUT_MS = 10_000;
/**
 * Commands a relay has in flight at once. A whole batch at once (100, and as many again from
 * every other relay) trips the broker's backpressure as soon as a backlog builds up: the
 * broker turns most of them away and each rejected row waited out its retry backoff
 * (bench/README.md, "backlog": 1,700 rejections and 63 % of 2,000 start messages retried).
 */
const MAX_IN_FLIGHT = 16;
/** The broker's answer while its backpressure limit is reached. */
const RESOURCE_EXHAUSTED = 8;
/** Pause of a relay the broker pushes back on: doubles while it does, up to maxBackoffMs. */
const THROTTLE_PAUSE_MS = 50;

/** gRPC status codes that mean "Zeebe already has this": the command counts as delivered. */
const ALREADY_DONE = new Set([6 /* ALREADY_EXISTS */]);
const GONE = new Set([5 /* NOT_FOUND */]);

export function relayBackoffMs(attempts: number, maxMs: number): number {
  return Math.min(maxMs, 250 * 2 ** Math.min(attempts, 16));
}

/**
 * Sends outbox commands to Zeebe. Several relays (API replicas) share the table through
 * `FOR UPDATE SKIP LOCKED`; each is woken by NOTIFY after a commit and polls as a fallback.
 * A command stays in the table until Zeebe accepted it, so a 2xx answer of the API survives a
 * crash of the broker, the API or the relay.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private running = false;
  private loop?: Promise<void>;
  private listener?: Client;
  private wake?: () => void;
  private pending = false;
  /** Rounds in a row in which the broker applied backpressure or could not be reached. */
  private throttledRounds = 0;
  private lastThrottleLog = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ZEEBE_CLIENT) private readonly zeebe: ZeebeClient,
    @Inject(outboxConfig.KEY) private readonly config: OutboxConfig,
    @Inject(databaseConfig.KEY) private readonly db: DatabaseConfig,
  ) {}

  async onApplicationBootstrap() {
    if (!this.config.relay) return;
    this.running = true;
    await this.listen();
    this.loop = this.run();
  }

  async onApplicationShutdown() {
    this.running = false;
    this.signal();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
  }

  /** Wakes the loop now (after a commit in this process). */
  signal() {
    this.pending = true;
    this.wake?.();
  }

  private async listen() {
    const client = new Client({ connectionString: this.db.url });
    client.on('notification', () => this.signal());
    client.on('error', (e: Error) => {
      this.logger.warn({
        msg: 'outbox listener lost its connection; polling until it is back',
        error: e.message,
      });
      this.listener = undefined;
      setTimeout(() => this.running && this.listen().catch(() => undefined), this.config.pollMs);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.listener = client;
    } catch (e) {
      this.logger.warn({
        msg: 'outbox listener could not connect; polling',
        error: (e as Error).message,
      });
    }
  }

  private async run() {
    while (this.running) {
      let sent = 0;
      let nextDueMs = this.config.pollMs;
      let throttled = false;
      try {
        this.pending = false;
        ({ claimed: sent, nextDueMs, throttled } = await this.drainOnce());
      } catch (e) {
        this.logger.warn({ msg: 'outbox relay round failed', error: (e as Error).message });
      }
      if (throttled) {
        // Rows were left unsent: give the broker air instead of sending them right away.
        await this.pause(
          Math.min(this.config.maxBackoffMs, THROTTLE_PAUSE_MS * 2 ** this.throttledRounds),
        );
        this.throttledRounds = Math.min(this.throttledRounds + 1, 16);
        continue;
      }
      this.throttledRounds = 0;
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

  /** Waits; only shutdown cuts it short (a NOTIFY would just send into the pushback again). */
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
   * Sends one batch of due commands, at most MAX_IN_FLIGHT at a time. When the broker pushes
   * back (RESOURCE_EXHAUSTED) or a send fails, no further sends start in this round: rows not
   * tried stay due as they are, a row the broker turned away for backpressure is not counted as
   * a failed attempt, and `throttled` tells the loop to pause. Exposed for tests and benchmarks.
   */
  async drainOnce(): Promise<{ claimed: number; nextDueMs: number; throttled: boolean }> {
    return this.dataSource.transaction(async (m) => {
      const rows: Array<{ id: string; command: OutboxCommand; attempts: number }> = await m.query(
        `select id, command, attempts from outbox_message
          where sent_at is null and available_at <= now()
          order by id limit $1 for update skip locked`,
        [BATCH],
      );
      const done: string[] = [];
      const failed: Array<{
        row: (typeof rows)[number];
        error: { code?: number; message?: string };
      }> = [];
      let stop = false;
      let pushedBack = false;
      let next = 0;
      const lane = async () => {
        while (!stop && next < rows.length) {
          const row = rows[next++];
          try {
            await this.send(row.command);
            done.push(row.id);
          } catch (e) {
            const error = e as { code?: number; message?: string };
            stop = true;
            if (error?.code === RESOURCE_EXHAUSTED) pushedBack = true;
            else failed.push({ row, error });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(MAX_IN_FLIGHT, rows.length) }, lane));
      if (failed.length) {
        // one statement for all failures (a broker outage fails a whole batch)
        await m.query(
          `update outbox_message o set attempts = o.attempts + 1, last_error = f.error,
                  available_at = now() + (f.backoff || ' milliseconds')::interval
             from unnest($1::bigint[], $2::text[], $3::text[]) as f(id, error, backoff)
            where o.id = f.id`,
          [
            failed.map((f) => f.row.id),
            failed.map((f) => String(f.error?.message ?? f.error).slice(0, 500)),
            failed.map((f) => String(relayBackoffMs(f.row.attempts, this.config.maxBackoffMs))),
          ],
        );
        for (const { row, error } of failed) {
          if (row.attempts === 0 || row.attempts % 20 === 0) {
            this.logger.warn({
              msg: 'Zeebe did not accept an outbox command; will retry',
              outboxId: row.id,
              type: row.command.type,
              attempts: row.attempts + 1,
              error: error?.message,
            });
          }
        }
      }
      if (pushedBack && Date.now() - this.lastThrottleLog > 30_000) {
        this.lastThrottleLog = Date.now();
        this.logger.warn({
          msg: 'Zeebe applies backpressure; the outbox relay slows down',
          unsent: rows.length - done.length - failed.length,
        });
      }
      if (done.length) {
        await m.query(`update outbox_message set sent_at = now() where id = any($1::bigint[])`, [
          done,
        ]);
      }
      // NULL when nothing is pending (greatest(0, NULL) would be 0: a relay that polled every
      // 10 ms while idle, ~100 empty transactions a second each; see bench/README.md, "idle")
      const [due] = await m.query(
        `select (extract(epoch from (min(available_at) - now())) * 1000)::int as ms
           from outbox_message where sent_at is null`,
      );
      return {
        claimed: done.length + failed.length,
        nextDueMs: typeof due?.ms === 'number' ? Math.max(0, due.ms) : this.config.pollMs,
        throttled: stop && done.length + failed.length < rows.length,
      };
    });
  }

  private async send(command: OutboxCommand): Promise<void> {
    const call = (async () => {
      switch (command.type) {
        case 'publish-message':
          await this.zeebe.publishMessage({
            name: command.name,
            correlationKey: command.correlationKey,
            messageId: command.messageId,
            timeToLive: command.timeToLiveMs,
            variables: command.variables as never,
          });
          return;
        case 'cancel-process-instance':
          await this.zeebe.cancelProcessInstance(command.processInstanceKey);
          return;
      }
    })();
    try {
      await withTimeout(call, SEND_TIMEOUT_MS);
    } catch (e) {
      const code = (e as { code?: number }).code;
      if (code !== undefined && (ALREADY_DONE.has(code) || GONE.has(code))) return;
      throw e;
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer from Zeebe within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
