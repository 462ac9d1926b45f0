import { Injectable } from '@nestjs/common';
import { Job, JobWorker, USER_TASK_JOB_TYPE } from '@lotse/zeebe';
import { TaskProjectionService } from './task-projection.service';

/** How long the projector holds a user-task job; after it, the broker hands it out again (de-duplicated). */
const USER_TASK_JOB_TIMEOUT_MS = 7 * 24 * 3600 * 1000;

@Injectable()
export class TaskProjectionWorker {
  constructor(private readonly projection: TaskProjectionService) {}

  /** Projects the task and keeps the job activated; people complete it through the task list. */
  @JobWorker({ type: USER_TASK_JOB_TYPE, timeoutMs: USER_TASK_JOB_TIMEOUT_MS, maxJobs: 64 })
  async project(job: Job) {
    await this.projection.project(job);
    return job.forward();
  }
}
