import { SetMetadata } from '@nestjs/common';

export const EXTERNAL_TASK_HANDLER = 'lotse:external-task-handler';

export interface ExternalTaskHandlerOptions {
  /** The topic, as in `camunda:topic="..."` of the model's element. */
  topic: string;
  /** Only these variables are fetched (all visible variables when omitted). */
  variables?: string[];
  /** How long the engine lets this worker hold a task before handing it out again (ms). */
  lockDurationMs?: number;
  /** Attempts before the engine raises an incident (default 5). */
  retries?: number;
}

/**
 * Marks a provider method as the handler of one external-task topic. The method receives the
 * task and returns what to do with it (`task.complete(...)`, `task.bpmnError(...)`); anything it
 * throws is a technical failure that the registry reports with retries and back-off, ending in
 * an incident operators see in Cockpit.
 */
export const ExternalTaskHandler = (options: ExternalTaskHandlerOptions | string) =>
  SetMetadata(EXTERNAL_TASK_HANDLER, typeof options === 'string' ? { topic: options } : options);
