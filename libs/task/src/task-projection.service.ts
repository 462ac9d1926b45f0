import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Job, processDefinitionKeyOf } from '@lotse/zeebe';
import { ModelCatalog } from './model-catalog.service';
import { TaskState, UserTask } from './user-task.entity';

const H = {
  assignee: 'io.camunda.zeebe:assignee',
  candidateGroups: 'io.camunda.zeebe:candidateGroups',
  candidateUsers: 'io.camunda.zeebe:candidateUsers',
  dueDate: 'io.camunda.zeebe:dueDate',
  followUpDate: 'io.camunda.zeebe:followUpDate',
  formKey: 'io.camunda.zeebe:formKey',
  priority: 'io.camunda.zeebe:priority',
} as const;

function list(header: string | undefined): string[] {
  if (!header) return [];
  try {
    const v = JSON.parse(header);
    return Array.isArray(v) ? v.map(String) : [String(v)];
  } catch {
    return header
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }
}

function date(header: string | undefined): Date | null {
  if (!header) return null;
  const d = new Date(header.replace(/\[.*\]$/, ''));
  return Number.isNaN(d.getTime()) ? null : d;
}

function isUuid(v: unknown): v is string {
  return (
    typeof v === 'string' &&
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)
  );
}

/** Keeps the `user_task` table in step with the engine's job-worker user tasks. */
@Injectable()
export class TaskProjectionService {
  private readonly logger = new Logger('TaskProjection');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: ModelCatalog,
  ) {}

  /** Records a user-task job; a job seen before (re-activated after its timeout) is left as is. */
  async project(job: Job<Record<string, unknown>>): Promise<boolean> {
    const h = job.customHeaders as Record<string, string | undefined>;
    const v = job.variables;
    const priority = Number(h[H.priority] ?? 50);
    const result = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(UserTask)
      .values({
        jobKey: job.key,
        processInstanceKey: job.processInstanceKey,
        processDefinitionKey: String(
          (job as unknown as { processDefinitionKey: string }).processDefinitionKey,
        ),
        bpmnProcessId: job.bpmnProcessId,
        elementId: job.elementId,
        elementInstanceKey: job.elementInstanceKey,
        name: await this.catalog.elementName(processDefinitionKeyOf(job), job.elementId),
        caseId: isUuid(v.caseId) ? v.caseId : null,
        conferenceId: isUuid(v.conferenceId) ? v.conferenceId : null,
        assignee: h[H.assignee] || null,
        candidateGroups: list(h[H.candidateGroups]),
        candidateUsers: list(h[H.candidateUsers]),
        dueAt: date(h[H.dueDate]),
        followUpAt: date(h[H.followUpDate]),
        priority: Number.isFinite(priority) ? Math.max(0, Math.min(100, priority)) : 50,
        formKey: h[H.formKey] || null,
        input: v as never,
      })
      .orIgnore()
      .execute();
    const created =
      (result.identifiers.length > 0 && result.identifiers[0] !== undefined) ||
      (result.raw?.length ?? 0) > 0;
    if (created) {
      this.logger.debug({
        msg: 'task projected',
        jobKey: job.key,
        elementId: job.elementId,
        processInstanceKey: job.processInstanceKey,
      });
    }
    return created;
  }

  /**
   * Marks open tasks of a process instance as canceled: the engine left them through an
   * interrupting event (a boundary message or timer), which job workers are not told of.
   */
  async cancelOpen(
    processInstanceKey: string,
    elementIds?: string[],
    manager?: EntityManager,
  ): Promise<number> {
    const m = manager ?? this.dataSource.manager;
    const res = await m.update(
      UserTask,
      {
        processInstanceKey,
        state: TaskState.OPEN,
        ...(elementIds ? { elementId: In(elementIds) } : {}),
      },
      { state: TaskState.CANCELED, completedAt: new Date() },
    );
    return res.affected ?? 0;
  }

  openTasksOfCase(caseId: string): Promise<UserTask[]> {
    return this.dataSource.getRepository(UserTask).find({
      where: { caseId, state: TaskState.OPEN },
      order: { createdAt: 'ASC' },
    });
  }
}
