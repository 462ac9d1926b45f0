import { Injectable } from '@nestjs/common';
import { ExternalTask, ExternalTaskHandler } from '@lotse/engine';
import { TaskNotifier } from './task-notifier.service';

/** The step of `bpmn/staff-notifications.bpmn`. */
@Injectable()
export class TaskNotificationWorkers {
  constructor(private readonly notifier: TaskNotifier) {}

  /**
   * The hourly run: reminders, and the day's digests from 07:00 German time. `runAt` is the
   * engine's time when the timer fired, so a moved test clock moves the run's "now" too; a
   * redelivered task sends nothing twice (notice rows and mail dedup keys).
   */
  @ExternalTaskHandler({
    topic: 'lotse.task-notification.run',
    variables: ['runAt'],
    lockDurationMs: 300_000,
  })
  async run(task: ExternalTask<{ runAt: number | string | null }>) {
    const at = task.variables.runAt;
    const now = at === null || at === undefined ? new Date() : new Date(Number(at));
    if (Number.isNaN(now.getTime())) throw new Error(`runAt is not a time: ${String(at)}`);
    const summary = await this.notifier.dailyRun(now);
    return task.complete({ reminderMails: summary.reminders, digestMails: summary.digests });
  }
}
