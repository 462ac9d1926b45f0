import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TaskState, UserTask } from './user-task.entity';

const UUID = `'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'`;

/**
 * One statement that moves a batch of the engine's task events into `user_task`: the newest
 * event of each task wins (`last_event_id`), an older one arriving later changes nothing, a
 * finished task never reopens, and the events are removed in the same transaction, so each is
 * applied exactly once even with several workers (`SKIP LOCKED`).
 */
export function applyTaskEventsSql(engineSchema: string): string {
  const events = `"${engineSchema}".lotse_task_event`;
  return `
    with batch as (
      select id, task_id, event, payload, created_at from ${events}
       order by id limit $1 for update skip locked
    ), latest as (
      select distinct on (task_id) * from batch order by task_id, id desc
    ), applied as (
      insert into user_task as t (
        task_id, last_event_id, process_instance_id, process_definition_id, bpmn_process_id,
        element_id, name, case_id, conference_id, assignee, candidate_groups, candidate_users,
        due_at, follow_up_at, priority, form_key, input, state, created_at, claimed_at,
        completed_at, version)
      select l.task_id, l.id, l.payload->>'processInstanceId', l.payload->>'processDefinitionId',
             coalesce(l.payload->>'processDefinitionKey', ''),
             l.payload->>'taskDefinitionKey',
             coalesce(l.payload->>'name', l.payload->>'taskDefinitionKey'),
             case when l.payload->'variables'->>'caseId' ~ ${UUID}
                  then (l.payload->'variables'->>'caseId')::uuid end,
             case when l.payload->'variables'->>'conferenceId' ~ ${UUID}
                  then (l.payload->'variables'->>'conferenceId')::uuid end,
             l.payload->>'assignee',
             array(select jsonb_array_elements_text(coalesce(l.payload->'candidateGroups', '[]'))),
             array(select jsonb_array_elements_text(coalesce(l.payload->'candidateUsers', '[]'))),
             (l.payload->>'dueDate')::timestamptz, (l.payload->>'followUpDate')::timestamptz,
             least(100, greatest(0, coalesce((l.payload->>'priority')::int, 50))),
             l.payload->>'formKey', coalesce(l.payload->'variables', '{}'::jsonb),
             case l.event when 'complete' then '${TaskState.COMPLETED}'
                          when 'delete' then '${TaskState.CANCELED}'
                          else '${TaskState.OPEN}' end,
             coalesce((l.payload->>'createTime')::timestamptz, l.created_at),
             case when l.payload->>'assignee' is not null then l.created_at end,
             case when l.event in ('complete', 'delete') then l.created_at end,
             1
        from latest l
      on conflict (task_id) do update set
        last_event_id = excluded.last_event_id,
        name = excluded.name,
        assignee = excluded.assignee,
        candidate_groups = excluded.candidate_groups,
        candidate_users = excluded.candidate_users,
        due_at = excluded.due_at,
        follow_up_at = excluded.follow_up_at,
        priority = excluded.priority,
        input = excluded.input,
        state = case when t.state <> '${TaskState.OPEN}' then t.state else excluded.state end,
        claimed_at = case when excluded.assignee is null then null
                          when excluded.assignee is distinct from t.assignee then excluded.claimed_at
                          else t.claimed_at end,
        completed_at = coalesce(t.completed_at, excluded.completed_at),
        version = t.version + 1
      where t.last_event_id < excluded.last_event_id
      returning 1
    ), removed as (
      delete from ${events} e using batch b where e.id = b.id returning e.id
    )
    select (select count(*) from removed)::int as events, (select count(*) from applied)::int as tasks`;
}

/** Reads of the task projection that other features need. */
@Injectable()
export class TaskProjectionService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  openTasksOfCase(caseId: string): Promise<UserTask[]> {
    return this.dataSource.getRepository(UserTask).find({
      where: { caseId, state: TaskState.OPEN },
      order: { createdAt: 'ASC' },
    });
  }
}
