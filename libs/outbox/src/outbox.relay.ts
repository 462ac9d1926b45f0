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
      try {
        this.pending = false;
        ({ claimed: sent, nextDueMs } = await this.drainOnce());
      } catch (e) {
        this.logger.warn({ msg: 'outbox relay round failed', error: (e as Error).message });
      }
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

  /** Sends one batch of due commands. Exposed for tests and benchmarks. */
  async drainOnce(): Promise<{ claimed: number; nextDueMs: number }> {
    return this.dataSource.transaction(async (m) => {
      const rows: Array<{ id: string; command: OutboxCommand; attempts: number }> = await m.query(
        `select id, command, attempts from outbox_message
          where sent_at is null and available_at <= now()
          order by id limit $1 for update skip locked`,
        [BATCH],
      );
      if (rows.length > 0) {
        const results = await Promise.allSettled(rows.map((r) => this.send(r.command)));
        const done: string[] = [];
        for (let i = 0; i < rows.length; i++) {
          const r = results[i];
          if (r.status === 'fulfilled') {
            done.push(rows[i].id);
            continue;
          }
          const error = r.reason as { code?: number; message?: string };
          const backoff = relayBackoffMs(rows[i].attempts, this.config.maxBackoffMs);
          await m.query(
            `update outbox_message set attempts = attempts + 1, last_error = $2,
                    available_at = now() + ($3 || ' milliseconds')::interval where id = $1`,
            [rows[i].id, String(error?.message ?? error).slice(0, 500), String(backoff)],
          );
          if (rows[i].attempts === 0 || rows[i].attempts % 20 === 0) {
            this.logger.warn({
              msg: 'Zeebe did not accept an outbox command; will retry',
              outboxId: rows[i].id,
              type: rows[i].command.type,
              attempts: rows[i].attempts + 1,
              error: error?.message,
            });
          }
        }
        if (done.length) {
          await m.query(`update outbox_message set sent_at = now() where id = any($1::bigint[])`, [
            done,
          ]);
        }
      }
      const [next] = await m.query(
        `select greatest(0, extract(epoch from (min(available_at) - now())) * 1000)::int as ms
           from outbox_message where sent_at is null`,
      );
      return { claimed: rows.length, nextDueMs: next?.ms ?? this.config.pollMs };
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
