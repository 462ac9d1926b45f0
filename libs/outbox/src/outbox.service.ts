import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { currentRequestId } from '@lotse/common';
import { OutboxCommand, OutboxMessage } from './outbox-message.entity';

export const OUTBOX_CHANNEL = 'lotse_outbox';

type Command<T extends OutboxCommand['type']> = Omit<Extract<OutboxCommand, { type: T }>, 'type'>;

/** Writes commands for the engine into the outbox inside the caller's transaction. */
@Injectable()
export class OutboxService {
  /** Starts a process by its start message; one per message name and business key. */
  startProcess(manager: EntityManager, command: Command<'start-process'>): Promise<void> {
    return this.enqueue(manager, `${command.messageName}:${command.businessKey}`, {
      type: 'start-process',
      ...command,
    });
  }

  /**
   * A message for a waiting process instance. `dedupKey` names the occasion (e.g. the message
   * name, conference and case): writing the same message twice stores it once.
   */
  correlate(
    manager: EntityManager,
    dedupKey: string,
    command: Command<'correlate-message'>,
  ): Promise<void> {
    return this.enqueue(manager, dedupKey, { type: 'correlate-message', ...command });
  }

  /**
   * Adds a command unless one with the same dedup key exists, with the id of the request (or
   * external task) at work; wakes the relays when the transaction commits (NOTIFY is delivered
   * on commit).
   */
  async enqueue(manager: EntityManager, dedupKey: string, command: OutboxCommand): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(OutboxMessage)
      .values({ dedupKey, command: command as never, requestId: currentRequestId() ?? null })
      .orIgnore()
      .execute();
    await manager.query(`select pg_notify($1, '')`, [OUTBOX_CHANNEL]);
  }
}
