/** What a handler decides for the external task it was given; the registry carries it out. */
export type TaskOutcome =
  | { kind: 'complete'; variables: Record<string, unknown> }
  | { kind: 'bpmn-error'; code: string; message: string; variables: Record<string, unknown> };

/** An external task as a handler receives it: typed variables in, typed variables out. */
export interface ExternalTask<In = Record<string, unknown>, Out = Record<string, unknown>> {
  /** The engine's id of this task; stable across retries of the same step, new for each run of the step. */
  readonly id: string;
  readonly topicName: string;
  readonly processInstanceId: string;
  readonly processDefinitionId: string;
  readonly processDefinitionKey: string;
  /** The BPMN element (activity id) the task belongs to. */
  readonly activityId: string;
  readonly businessKey: string | null;
  /** Retries left after the last failure; null before the first failure. */
  readonly retries: number | null;
  readonly variables: Readonly<In>;
  /** The element's `camunda:properties` (e.g. `status` of `lotse.referral.set-status`). */
  readonly properties: Readonly<Record<string, string>>;
  /** Ends the step; the variables go to the process (plain values only). */
  complete(variables?: Out): TaskOutcome;
  /** A business outcome the model catches with an error boundary event. */
  bpmnError(code: string, message?: string, variables?: Partial<Out>): TaskOutcome;
  /** Keeps the lock for `ms` more (slow steps; the registry also extends on its own). */
  extendLock(ms: number): Promise<void>;
}

/** The identifying fields of an external task, whatever its variables. */
export interface TaskIdentity {
  id: string;
  processInstanceId: string;
  processDefinitionId: string;
  activityId: string;
}

/**
 * Thrown by a handler whose task belongs to a second process instance of one business object
 * (case, conference date): a start that reached the engine twice. The registry cancels that
 * instance; the first one, which Lotse recorded, stays the only one.
 */
export class DuplicateProcessInstance extends Error {
  constructor(
    readonly subject: string,
    readonly recordedInstanceId: string,
  ) {
    super(`${subject} already runs as process instance ${recordedInstanceId}`);
    this.name = 'DuplicateProcessInstance';
  }
}
