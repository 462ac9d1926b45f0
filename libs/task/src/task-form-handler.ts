import type { EntityManager } from 'typeorm';
import type { Principal } from '@lotse/identity';
import type { UserTask } from './user-task.entity';

/**
 * What a particular Camunda Form needs beyond rendering its schema: extra data (options for
 * `valuesKey` fields) and domain work when the task completes. Forms without a handler render
 * with the task's input and send their validated variables to the process as they are.
 */
export interface TaskFormHandler {
  readonly formId: string;
  /**
   * Extra data for the form (merged over the task's input). `disclose: false` when the data only
   * checks a submission (nothing is shown to the user): then no disclosure is audited.
   */
  data?(
    task: UserTask,
    user: Principal,
    opts?: { disclose?: boolean },
  ): Promise<Record<string, unknown>>;
  /**
   * Runs in the completion transaction after the form validated; returns the variables for
   * the process (facts stay in Postgres, the engine gets ids and outcomes).
   */
  complete?(
    m: EntityManager,
    task: UserTask,
    variables: Record<string, unknown>,
    user: Principal,
  ): Promise<Record<string, unknown>>;
}

export const TASK_FORM_HANDLERS = Symbol('TASK_FORM_HANDLERS');
