import type { JOB_ACTION_ACKNOWLEDGEMENT, ZeebeJob } from '@camunda8/sdk/dist/zeebe/types';

/** A job as a handler receives it: typed variables in, typed variables out. */
export type Job<
  In = Record<string, unknown>,
  Out = Record<string, unknown>,
  Headers = Record<string, string>,
> = Readonly<ZeebeJob<In, Headers, Out>>;

/** What every handler path must return (`job.complete`, `job.error`, `job.fail`). */
export type JobAck = JOB_ACTION_ACKNOWLEDGEMENT;

/** The identifying fields of a job, whatever its variables. */
export interface JobIdentity {
  key: string;
  processInstanceKey: string;
  elementId: string;
  bpmnProcessId: string;
}

/** The gateway sends the process definition key with every job; the SDK's type omits it. */
export function processDefinitionKeyOf(job: JobIdentity): string {
  return String((job as unknown as { processDefinitionKey: string | number }).processDefinitionKey);
}

/**
 * Thrown by a handler whose job belongs to a second process instance of one business object
 * (case, conference date) — a start message that reached the engine twice, the second time
 * after the first was no longer buffered. The registry cancels that instance; the first one,
 * which Lotse recorded, stays the only one.
 */
export class DuplicateProcessInstance extends Error {
  constructor(
    readonly subject: string,
    readonly recordedInstanceKey: string,
  ) {
    super(`${subject} already runs as process instance ${recordedInstanceKey}`);
    this.name = 'DuplicateProcessInstance';
  }
}
