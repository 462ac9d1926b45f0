import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OutboxCommand, OutboxMessage } from './outbox-message.entity';

export const OUTBOX_CHANNEL = 'lotse_outbox';

/** Writes commands into the outbox inside the caller's transaction. */
@Injectable()
export class OutboxService {
  /**
   * A message for Zeebe, written in the caller's transaction; its message id is also its key in
   * the outbox, so writing the same message twice stores it once.
   */
  publish(
    manager: EntityManager,
    message: Omit<Extract<OutboxCommand, { type: 'publish-message' }>, 'type'>,
  ): Promise<void> {
    return this.enqueue(manager, message.messageId, { type: 'publish-message', ...message });
  }

  /**
   * Adds a command unless one with the same dedup key exists; wakes the relays when the
   * transaction commits (NOTIFY is delivered on commit).
   */
  async enqueue(manager: EntityManager, dedupKey: string, command: OutboxCommand): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(OutboxMessage)
      .values({ dedupKey, command: command as never })
      .orIgnore()
      .execute();
    await manager.query(`select pg_notify($1, '')`, [OUTBOX_CHANNEL]);
  }
}
