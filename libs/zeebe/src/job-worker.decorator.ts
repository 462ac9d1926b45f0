import { SetMetadata } from '@nestjs/common';

export const JOB_WORKER_METADATA = 'lotse:job-worker';

export interface JobWorkerOptions {
  /** The job type, as in `<zeebe:taskDefinition type="..."/>`. */
  type: string;
  /** How long the broker lets this worker hold a job before handing it out again (ms). */
  timeoutMs?: number;
  /** Jobs taken at once; defaults to WORKER_MAX_JOBS. */
  maxJobs?: number;
  /** Only these variables are fetched; all visible variables when omitted. */
  fetchVariables?: string[];
}

/**
 * Marks a provider method as the handler of one Zeebe job type. The method receives the job
 * and must return the job's acknowledgement (`job.complete`, `job.error`, `job.fail`).
 * A thrown exception is a technical failure: the registry fails the job with a backoff and
 * the broker retries it until the retries are used up and an incident is raised.
 */
export const JobWorker = (options: JobWorkerOptions | string) =>
  SetMetadata(JOB_WORKER_METADATA, typeof options === 'string' ? { type: options } : options);
