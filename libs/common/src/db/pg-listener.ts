import { Logger } from '@nestjs/common';
import { Client } from 'pg';

export interface PgListenerOptions {
  url: string;
  channel: string;
  /** For the log: whose listener this is. */
  name: string;
  /** Pause before connecting again after the connection failed or dropped. */
  retryMs: number;
  onNotify: () => void;
  logger: Logger;
}

/**
 * A PostgreSQL connection that LISTENs on one channel and calls `onNotify` for every
 * notification (PostgreSQL delivers them when the notifying transaction commits). When the
 * connection fails or drops it connects again after `retryMs`; callers poll meanwhile.
 */
export class PgListener {
  private client?: Client;
  private stopped = false;

  constructor(private readonly opts: PgListenerOptions) {}

  async start(): Promise<void> {
    const { url, channel, name, retryMs, onNotify, logger } = this.opts;
    const client = new Client({ connectionString: url });
    const retry = () => {
      this.client = undefined;
      setTimeout(() => {
        if (!this.stopped) void this.start();
      }, retryMs).unref();
    };
    client.on('notification', () => onNotify());
    client.on('error', (e: Error) => {
      logger.warn({ msg: `${name} listener lost its connection; polling`, error: e.message });
      retry();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
      this.client = client;
    } catch (e) {
      logger.warn({
        msg: `${name} listener could not connect; polling`,
        error: (e as Error).message,
      });
      await client.end().catch(() => undefined);
      retry();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => undefined);
  }
}
