import { Injectable } from '@nestjs/common';
import { ExternalTask, ExternalTaskHandler } from '@lotse/engine';
import { RetentionSweep } from '../retention-sweep.service';

/** The step of `bpmn/data-retention.bpmn`. */
@Injectable()
export class RetentionWorkers {
  constructor(private readonly sweep: RetentionSweep) {}

  /**
   * The daily sweep. `sweepAt` is the engine's time when the timer fired (milliseconds), so a
   * moved test clock moves the sweep's "now" too; a redelivered task adds to the same run.
   */
  @ExternalTaskHandler({
    topic: 'lotse.retention.sweep',
    variables: ['sweepAt'],
    lockDurationMs: 300_000,
  })
  async run(task: ExternalTask<{ sweepAt: number | string | null }>) {
    const at = task.variables.sweepAt;
    const now = at === null || at === undefined ? new Date() : new Date(Number(at));
    if (Number.isNaN(now.getTime())) throw new Error(`sweepAt is not a time: ${String(at)}`);
    const summary = await this.sweep.run(task.id, now);
    const erased = Object.entries(summary.counts)
      .filter(([k]) => k !== 'audit' && k !== 'mail-contents')
      .reduce((n, [, v]) => n + v, 0);
    return task.complete({ erasedCases: erased, auditResult: summary.auditResult });
  }
}
