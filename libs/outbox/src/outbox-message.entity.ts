import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Commands for the engine that must survive a crash of the API, a worker or the engine. */
export type OutboxCommand =
  | {
      /**
       * Starts a process instance through its message start event. The business key (the
       * referral or conference id) identifies it: before sending, the relay checks that no
       * instance of `processDefinitionKey` with this key exists, so a retry never starts a second.
       */
      type: 'start-process';
      messageName: string;
      processDefinitionKey: string;
      businessKey: string;
      variables: Record<string, unknown>;
    }
  | {
      /**
       * Delivers a message to the instance with this business key that waits for it. An instance
       * not (yet) waiting is tried again until `timeToLiveMs` after the command was written; then
       * the message lapses (as a message nobody waits for).
       */
      type: 'correlate-message';
      messageName: string;
      businessKey: string;
      /** Only an instance whose process variables have these values takes the message. */
      correlationKeys?: Record<string, string>;
      variables: Record<string, unknown>;
      timeToLiveMs: number;
    }
  | { type: 'cancel-process-instance'; processInstanceId: string };

/**
 * One command written in the same transaction as the fact it belongs to; the relay sends it
 * to the engine and retries until the engine accepts it.
 */
@Entity({ name: 'outbox_message' })
@Index('ix_outbox_pending', ['availableAt'], { where: 'sent_at IS NULL AND expired_at IS NULL' })
@Index('uq_outbox_message_dedup_key', ['dedupKey'], { unique: true })
export class OutboxMessage {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    primaryKeyConstraintName: 'pk_outbox_message',
  })
  id!: string;

  /** Business key; a second command with the same key is not written. */
  @Column({ name: 'dedup_key', type: 'text' })
  dedupKey!: string;

  @Column({ type: 'jsonb' })
  command!: OutboxCommand;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'available_at', type: 'timestamptz', default: () => 'now()' })
  availableAt!: Date;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  /**
   * The id of the request (or the external task) that wrote the command, so that an operator can
   * follow it into the relay's and the worker's log lines; the engine gets it as `lotseRequestId`.
   */
  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;

  /** A message no instance took within its time to live. */
  @Column({ name: 'expired_at', type: 'timestamptz', nullable: true })
  expiredAt!: Date | null;
}
