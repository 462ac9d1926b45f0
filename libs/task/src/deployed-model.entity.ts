import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A process definition as deployed: the task list shows its diagram and task names. */
@Entity({ name: 'process_definition' })
@Index('ix_process_definition_id_version', ['bpmnProcessId', 'version'])
export class ProcessDefinition {
  /** The engine's process definition id, e.g. `case-referral:3:<uuid>`. */
  @PrimaryColumn({
    name: 'process_definition_id',
    type: 'text',
    primaryKeyConstraintName: 'pk_process_definition',
  })
  id!: string;

  @Column({ name: 'bpmn_process_id', type: 'text' })
  bpmnProcessId!: string;

  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'text' })
  xml!: string;

  @CreateDateColumn({ name: 'deployed_at', type: 'timestamptz' })
  deployedAt!: Date;
}

/**
 * A Camunda Form as deployed, one row per content: `form_key` is `<form id>:<version>`, the
 * version counting up with each changed content, as the engine counts it with deploy-changed-only.
 */
@Entity({ name: 'form_definition' })
@Index('ix_form_definition_id_version', ['formId', 'version'])
export class FormDefinition {
  @PrimaryColumn({ name: 'form_key', type: 'text', primaryKeyConstraintName: 'pk_form_definition' })
  key!: string;

  @Column({ name: 'form_id', type: 'text' })
  formId!: string;

  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'jsonb' })
  schema!: Record<string, unknown>;

  @CreateDateColumn({ name: 'deployed_at', type: 'timestamptz' })
  deployedAt!: Date;
}
