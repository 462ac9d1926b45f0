import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Commands for Zeebe that must survive a crash of the API or the broker. */
export type OutboxCommand =
  | {
      type: 'publish-message';
      name: string;
      correlationKey: string;
      /** Zeebe rejects a second message with the same id while the first is buffered. */
      messageId: string;
      timeToLiveMs: number;
      variables: Record<string, unknown>;
    }
  | { type: 'cancel-process-instance'; processInstanceKey: string };

/**
 * One command written in the same transaction as the fact it belongs to; the relay sends it
 * to Zeebe and retries until Zeebe accepts it.
 */
@Entity({ name: 'outbox_message' })
@Index('ix_outbox_pending', ['availableAt'], { where: 'sent_at IS NULL' })
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
}
