import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditAction, AuditService } from '@lotse/audit';
import { berlinParts, DomainException, ErrorCode } from '@lotse/common';
import { CONFERENCE_STATUS_LABELS, ConferenceStatus } from '@lotse/conference';
import { groupsOf, hasRole, Principal, Role, UserDirectory } from '@lotse/identity';
import { Consent, personalDataDisclosure, ReferralService } from '@lotse/referral';
import {
  ModelCatalog,
  TASK_FORM_HANDLERS,
  TaskFormHandler,
  TaskState,
  UserTask,
} from '@lotse/task';
import { EngineClient, EngineError } from '@lotse/engine';
import { FormSchema, validateAgainstForm } from './form-validation';
import { canSeeTask, VISIBLE_SQL } from './task-visibility';
import { priorityLabel } from './priority';
import {
  ListTasksQuery,
  TaskFilterQuery,
  TaskListVersionView,
  TaskDetailView,
  TaskFacetsView,
  TaskFormView,
  TaskPageView,
  TaskSummaryView,
} from './task.dto';

const SOON_DAYS = 3;

interface TaskRow {
  id: string;
  name: string;
  element_id: string;
  bpmn_process_id: string;
  case_id: string | null;
  case_reference: string | null;
  conference_id: string | null;
  conference_starts_at: Date | null;
  conference_ends_at: Date | null;
  conference_place: string | null;
  conference_status: ConferenceStatus | null;
  assignee: string | null;
  assignee_name: string | null;
  due_at: Date | null;
  follow_up_at: Date | null;
  priority: number;
  created_at: Date;
  state: TaskState;
}

/** What decides whether a viewer may see a case's personal data, and the name it would show. */
interface CaseAccessRow {
  id: string;
  referring_institution_id: string;
  referred_on: string;
  birth_date: string;
  first_name: string;
  last_name: string;
}

/** Search words: at most this many, each matched on its own (all must match). */
const MAX_SEARCH_WORDS = 8;

/** `%word%` for ILIKE, with the pattern characters of the word taken literally. */
const likePattern = (word: string) => `%${word.replace(/[\\%_]/g, '\\$&')}%`;

/** The words of a search text (NFC, split on white space). */
export function searchWords(q: string | undefined): string[] {
  return (q ?? '').normalize('NFC').split(/\s+/).filter(Boolean).slice(0, MAX_SEARCH_WORDS);
}

/** The conference's label as the list shows it, in SQL (for the search): German local time. */
const CONFERENCE_LABEL_SQL = (c: string) =>
  `('Fallkonferenz am ' || to_char(${c}.starts_at at time zone 'Europe/Berlin', 'DD.MM.YYYY, HH24:MI') || ' Uhr')`;

/** "Fallkonferenz am 12.03.2027, 14:00 Uhr" (German local time). */
export function conferenceLabel(startsAt: Date): string {
  const { date, time } = berlinParts(startsAt);
  return `Fallkonferenz am ${date}, ${time} Uhr`;
}

const ORDER: Record<string, string> = {
  due: 't.due_at',
  priority: 't.priority',
  created: 't.created_at',
};

/**
 * The task list: what a user may see of the engine's user tasks (read from their projection),
 * and claiming, assigning and completing them on the engine. Completing validates against the
 * task's form, runs the form's domain work and completes the engine's task, all before the
 * task counts as done.
 */
@Injectable()
export class TaskListService {
  private readonly logger = new Logger('TaskList');
  private readonly handlers: Map<string, TaskFormHandler>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engine: EngineClient,
    @Inject(TASK_FORM_HANDLERS) handlers: TaskFormHandler[],
    private readonly catalog: ModelCatalog,
    private readonly users: UserDirectory,
    private readonly referrals: ReferralService,
    private readonly audit: AuditService,
  ) {
    this.handlers = new Map(handlers.map((h) => [h.formId, h]));
  }

  async list(user: Principal, q: ListTasksQuery): Promise<TaskPageView> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { whereSql, params } = await this.selection(user, q);
    const sort = q.sort ?? 'due';
    const direction = q.order ?? (sort === 'priority' ? 'desc' : 'asc');
    const orderBy = `${ORDER[sort]} ${direction} nulls last, t.created_at asc, t.id asc`;
    // The page is cut from user_task alone; cases, conferences and names are joined to its rows
    // only, not to every row before the offset (page 200 joined 4,000 rows for 20).
    const pageSql = `(select t.* from user_task t where ${whereSql}
                       order by ${orderBy} limit $${params.length + 1} offset $${params.length + 2})`;
    const [state, rows] = await Promise.all([
      this.state(whereSql, params),
      this.dataSource.query(`${this.selectSql(pageSql)} order by ${orderBy}`, [
        ...params,
        pageSize,
        (page - 1) * pageSize,
      ]) as Promise<TaskRow[]>,
    ]);
    const names = await this.namesShown(
      user,
      rows.map((r) => r.case_id).filter((id): id is string => !!id),
    );
    return {
      items: rows.map((r) => this.summary(r, user, r.case_id ? names.get(r.case_id) : null)),
      ...state,
      page,
      pageSize,
    };
  }

  /** How many tasks the query selects and their state, for the list to see that it changed. */
  async version(user: Principal, q: TaskFilterQuery): Promise<TaskListVersionView> {
    const { whereSql, params } = await this.selection(user, q);
    return this.state(whereSql, params);
  }

  /**
   * A fingerprint of the selection that changes when a task joins or leaves it (count, sum of
   * id hashes) or changes (every change of a row raises its `version`): aggregates only, no sort.
   */
  private async state(whereSql: string, params: unknown[]): Promise<TaskListVersionView> {
    const [row] = (await this.dataSource.query(
      `select count(*)::int as total, coalesce(sum(t.version), 0)::text as versions,
              coalesce(sum(hashtext(t.id::text)::bigint), 0)::text as ids
         from user_task t where ${whereSql}`,
      params,
    )) as Array<{ total: number; versions: string; ids: string }>;
    return { total: row.total, version: `${row.total}.${row.versions}.${row.ids}` };
  }

  /** The WHERE over `user_task t` of a list query, with its parameters. */
  private async selection(
    user: Principal,
    q: TaskFilterQuery,
  ): Promise<{ whereSql: string; params: unknown[] }> {
    // "Mine" (assigned to the user) is visible by VISIBLE_SQL's first arm; repeating the whole
    // rule only made the planner misjudge the row count (bench/README.md, task list queries).
    const mine = q.filter === 'mine';
    const params: unknown[] = mine ? [user.id] : [user.id, user.groups];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = [`t.state = 'open'`, ...(mine ? [] : [VISIBLE_SQL])];
    switch (q.filter ?? 'all') {
      case 'mine':
        where.push(`t.assignee = $1`);
        break;
      case 'unassigned':
        where.push(`t.assignee is null`);
        break;
      case 'institution':
        where.push(`t.candidate_groups && $2::text[]`);
        break;
      case 'all':
        break;
    }
    if (q.due === 'overdue') where.push(`t.due_at < now()`);
    if (q.due === 'soon')
      where.push(`t.due_at >= now() and t.due_at < now() + interval '${SOON_DAYS} days'`);
    if (q.process) where.push(`t.bpmn_process_id = ${param(q.process)}`);
    if (q.type) where.push(`t.element_id = ${param(q.type)}`);
    const words = searchWords(q.q);
    if (words.length) {
      // A name is searched only in the cases whose personal data the viewer may see, so that a
      // search for a name tells nothing about the others (not even that they exist).
      const named = param(await this.casesWithVisibleNames(user));
      for (const word of words) {
        const w = param(likePattern(word));
        where.push(`(t.name ilike ${w}
          or exists (select 1 from referral r join institution ri on ri.id = r.referring_institution_id
                      where r.id = t.case_id and (r.reference ilike ${w} or ri.name ilike ${w}))
          or (t.case_id = any(${named}::uuid[]) and exists (
                select 1 from referral r join young_person yp on yp.id = r.young_person_id
                 where r.id = t.case_id
                   and normalize(yp.first_name || ' ' || yp.last_name, NFC) ilike ${w}))
          or exists (select 1 from conference c
                      where c.id = t.conference_id and ${CONFERENCE_LABEL_SQL('c')} ilike ${w}))`);
      }
    }
    return { whereSql: where.join(' and '), params };
  }

  /** The cases of the user's open tasks whose young person's name the user may see. */
  private async casesWithVisibleNames(user: Principal): Promise<string[]> {
    const rows: Array<{ case_id: string }> = await this.dataSource.query(
      `select distinct t.case_id from user_task t
        where t.state = 'open' and t.case_id is not null and ${VISIBLE_SQL}`,
      [user.id, user.groups],
    );
    const access = await this.caseAccess(
      user,
      rows.map((r) => r.case_id),
    );
    return [...access].filter(([, a]) => a.allowed).map(([id]) => id);
  }

  /**
   * Whether the user's institution may see the personal data of each case (the rule of the case
   * views, `personalDataDisclosure`: the referrer, or an institution a valid consent names).
   */
  private async caseAccess(
    user: Principal,
    caseIds: string[],
  ): Promise<Map<string, ReturnType<typeof personalDataDisclosure> & { name: string }>> {
    const out = new Map<string, ReturnType<typeof personalDataDisclosure> & { name: string }>();
    if (caseIds.length === 0) return out;
    // Only cases the institution referred or a consent names can pass; the rest is not loaded.
    const cases: CaseAccessRow[] = await this.dataSource.query(
      `select r.id, r.referring_institution_id, r.referred_on::text as referred_on,
              yp.birth_date::text as birth_date, yp.first_name, yp.last_name
         from referral r join young_person yp on yp.id = r.young_person_id
        where r.id = any($1::uuid[])
          and (r.referring_institution_id = $2
               or exists (select 1 from consent c where c.referral_id = r.id
                             and c.revoked_at is null and $2 = any(c.recipients)))`,
      [[...new Set(caseIds)], user.institutionId],
    );
    const consents = cases.length
      ? await this.dataSource.getRepository(Consent).find({
          where: { referralId: In(cases.map((c) => c.id)) },
          order: { recordedAt: 'DESC' },
        })
      : [];
    for (const c of cases) {
      const d = personalDataDisclosure(
        user.institutionId,
        { referringInstitutionId: c.referring_institution_id, referredOn: c.referred_on },
        consents.filter((x) => x.referralId === c.id),
        c.birth_date,
      );
      out.set(c.id, { ...d, name: `${c.first_name} ${c.last_name}` });
    }
    return out;
  }

  /** The names a page of the list shows (where allowed); each shown name is an audited read. */
  private async namesShown(user: Principal, caseIds: string[]): Promise<Map<string, string>> {
    const access = await this.caseAccess(user, caseIds);
    const names = new Map<string, string>();
    const audit = [];
    for (const [caseId, a] of access) {
      if (!a.allowed) continue;
      names.set(caseId, a.name);
      audit.push({
        action: AuditAction.PERSONAL_DATA_READ,
        actorUserId: user.id,
        recipientInstitutionId: user.institutionId,
        referralId: caseId,
        consentId: a.basis === 'consent' ? a.consentId : null,
        detail: { where: 'task-list', basis: a.basis },
      });
    }
    await this.audit.record(audit);
    return names;
  }

  async facets(user: Principal): Promise<TaskFacetsView> {
    const rows: Array<{
      bpmn_process_id: string;
      element_id: string;
      name: string;
      process_definition_id: string;
    }> = await this.dataSource.query(
      `select distinct on (t.bpmn_process_id, t.element_id) t.bpmn_process_id, t.element_id, t.name, t.process_definition_id
           from user_task t where t.state = 'open' and ${VISIBLE_SQL}
          order by t.bpmn_process_id, t.element_id, t.created_at desc`,
      [user.id, user.groups],
    );
    const processes = new Map<string, string>();
    for (const r of rows) {
      if (!processes.has(r.bpmn_process_id)) {
        processes.set(
          r.bpmn_process_id,
          await this.catalog.processName(r.process_definition_id, r.bpmn_process_id),
        );
      }
    }
    return {
      processes: [...processes].map(([value, label]) => ({ value, label })),
      types: rows.map((r) => ({ value: r.element_id, label: r.name })),
    };
  }

  async detail(id: string, user: Principal): Promise<TaskDetailView> {
    const task = await this.visibleTask(id, user);
    const [row] = (await this.dataSource.query(`${this.selectSql()} where t.id = $1`, [
      id,
    ])) as TaskRow[];
    const caseSummary = task.caseId ? await this.referrals.caseSummary(task.caseId, user) : null;
    const person = caseSummary?.youngPerson;
    return {
      ...this.summary(row, user, person ? `${person.firstName} ${person.lastName}` : null),
      candidateGroups: task.candidateGroups,
      form: await this.form(task, user),
      case: caseSummary,
      conference:
        row.conference_id && row.conference_starts_at
          ? {
              id: row.conference_id,
              startsAt: row.conference_starts_at.toISOString(),
              endsAt: row.conference_ends_at!.toISOString(),
              place: row.conference_place!,
              statusLabel: CONFERENCE_STATUS_LABELS[row.conference_status!],
            }
          : null,
    };
  }

  async claim(id: string, user: Principal): Promise<TaskDetailView> {
    const task = await this.visibleTask(id, user);
    if (task.state !== TaskState.OPEN) throw this.notOpen(task);
    if (task.assignee && task.assignee !== user.id) await this.explainConflict(id, user);
    await this.onEngine(
      task,
      () => this.engine.claimTask(task.taskId, user.id),
      async (e) => {
        if (e.conflict) await this.explainConflict(id, user, true);
      },
    );
    await this.dataSource.query(
      `update user_task set assignee = $2, claimed_at = now(), version = version + 1
        where id = $1 and state = 'open'`,
      [id, user.id],
    );
    await this.auditTask(AuditAction.TASK_CLAIMED, task, user, { assigneeId: user.id });
    return this.detail(id, user);
  }

  async unclaim(id: string, user: Principal): Promise<TaskDetailView> {
    const task = await this.visibleTask(id, user);
    if (task.state !== TaskState.OPEN) throw this.notOpen(task);
    if (task.assignee && task.assignee !== user.id && !hasRole(user, Role.COORDINATOR)) {
      throw DomainException.conflict('Nur wer die Aufgabe übernommen hat, kann sie freigeben.');
    }
    await this.onEngine(task, () => this.engine.unclaimTask(task.taskId));
    await this.dataSource.query(
      `update user_task set assignee = null, claimed_at = null, version = version + 1 where id = $1 and state = 'open'`,
      [id],
    );
    await this.auditTask(AuditAction.TASK_UNCLAIMED, task, user, {
      previousAssigneeId: task.assignee,
    });
    return this.detail(id, user);
  }

  async assign(id: string, assigneeId: string, user: Principal): Promise<TaskDetailView> {
    if (!hasRole(user, Role.COORDINATOR))
      throw DomainException.forbidden('Zuweisen dürfen Koordinatorinnen und Koordinatoren.');
    const task = await this.visibleTask(id, user);
    if (task.state !== TaskState.OPEN) throw this.notOpen(task);
    const target = await this.users.findById(assigneeId);
    if (!target || !target.active || target.institutionId !== user.institutionId) {
      throw DomainException.invalidField(
        'userId',
        'Zuweisen können Sie nur an Kolleginnen und Kollegen Ihrer Institution.',
      );
    }
    const targetPrincipal = {
      id: target.id,
      groups: groupsOf(target.institutionId, target.roles),
    } as Principal;
    if (!canSeeTask(targetPrincipal, task)) {
      throw DomainException.invalidField('userId', 'Diese Person kann die Aufgabe nicht sehen.');
    }
    await this.onEngine(task, () => this.engine.setAssignee(task.taskId, assigneeId));
    await this.dataSource.query(
      `update user_task set assignee = $2, claimed_at = now(), version = version + 1 where id = $1 and state = 'open'`,
      [id, assigneeId],
    );
    await this.auditTask(AuditAction.TASK_ASSIGNED, task, user, {
      assigneeId,
      previousAssigneeId: task.assignee,
    });
    return this.detail(id, user);
  }

  /** Who took, gave back or handed on which task (ids only). */
  private auditTask(
    action: AuditAction,
    task: UserTask,
    user: Principal,
    detail: Record<string, unknown>,
  ) {
    return this.audit.record([
      {
        action,
        actorUserId: user.id,
        recipientInstitutionId: user.institutionId,
        referralId: task.caseId,
        detail: {
          taskId: task.id,
          elementId: task.elementId,
          conferenceId: task.conferenceId,
          ...detail,
        },
      },
    ]);
  }

  /**
   * Runs a command on the engine's task. A task the engine no longer has (the process moved on:
   * a timer, a message, a cancellation) is closed in the list and reported as no longer active;
   * an unreachable engine is a 503 with nothing changed.
   */
  private async onEngine(
    task: UserTask,
    command: () => Promise<unknown>,
    onError?: (e: EngineError) => Promise<void>,
  ): Promise<void> {
    try {
      await command();
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      await onError?.(e);
      if (e.notFound) {
        await this.closeGone(task.id);
        throw this.notOpen({ state: TaskState.CANCELED });
      }
      if (e.conflict) {
        throw DomainException.conflict(
          'Die Aufgabe wurde gerade von jemand anderem bearbeitet. Bitte laden Sie sie neu.',
        );
      }
      this.logger.warn({ msg: 'engine refused a task command', taskId: task.id, error: e.message });
      throw this.engineUnavailable();
    }
  }

  private async closeGone(id: string) {
    await this.dataSource.query(
      `update user_task set state = 'canceled', completed_at = now() where id = $1 and state = 'open'`,
      [id],
    );
  }

  private engineUnavailable(): DomainException {
    return new DomainException(
      ErrorCode.UNAVAILABLE,
      'Die Prozess-Engine ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.',
    );
  }

  /**
   * Completes a task: one winner when two complete at once (row lock; the engine's own
   * optimistic locking behind it), the form's variables validated, the form's domain work and
   * the engine's completion in one go. A task the engine no longer has (the process moved on)
   * is closed in the list.
   */
  async complete(
    id: string,
    variables: Record<string, unknown>,
    user: Principal,
  ): Promise<{ id: string; state: 'completed' }> {
    await this.visibleTask(id, user);
    const outcome = await this.dataSource.transaction(async (m) => {
      const task = await m
        .getRepository(UserTask)
        .createQueryBuilder('t')
        .setLock('pessimistic_write')
        .where('t.id = :id', { id })
        .getOneOrFail();
      if (task.state !== TaskState.OPEN) throw this.notOpen(task);
      if (task.assignee && task.assignee !== user.id) {
        const name =
          (await this.users.displayNames([task.assignee])).get(task.assignee) ?? 'jemand anderem';
        throw DomainException.conflict(`Die Aufgabe ist ${name} zugewiesen.`);
      }
      const form = await this.formDefinition(task);
      const handler = form ? this.handlers.get(form.formId) : undefined;
      let processVariables = variables;
      if (form) {
        // Only to check the submission: a failed submission is no disclosure (not audited).
        const data = {
          ...task.input,
          ...((await handler?.data?.(task, user, { disclose: false })) ?? {}),
        };
        const problems = validateAgainstForm(form.schema as FormSchema, variables, data);
        if (problems.length)
          throw DomainException.validation(problems, 'Das Formular enthält ungültige Angaben.');
      } else if (Object.keys(variables).length > 0) {
        throw DomainException.invalidField(
          'variables',
          'Diese Aufgabe hat kein Formular; es werden keine Werte erwartet.',
        );
      }
      if (handler?.complete) processVariables = await handler.complete(m, task, variables, user);
      try {
        await this.engine.completeTask(task.taskId, processVariables);
      } catch (e) {
        if (e instanceof EngineError && e.notFound) return 'gone' as const;
        if (e instanceof EngineError && e.conflict) {
          throw DomainException.conflict('Diese Aufgabe ist bereits erledigt.');
        }
        this.logger.warn({
          msg: 'could not complete task',
          taskId: id,
          engineTaskId: task.taskId,
          error: (e as Error).message,
        });
        throw this.engineUnavailable();
      }
      await m.update(
        UserTask,
        { id },
        { state: TaskState.COMPLETED, completedAt: new Date(), completedBy: user.id },
      );
      await this.audit.record(
        [
          {
            action: AuditAction.TASK_COMPLETED,
            actorUserId: user.id,
            referralId: task.caseId,
            detail: { taskId: id, elementId: task.elementId },
          },
        ],
        m,
      );
      return 'completed' as const;
    });
    if (outcome === 'gone') {
      await this.closeGone(id);
      throw DomainException.conflict(
        'Diese Aufgabe ist nicht mehr aktiv; der Fall ist inzwischen weitergegangen.',
      );
    }
    return { id, state: 'completed' };
  }

  /** @param from the tasks to show: the table, or a subquery that cuts out a page */
  private selectSql(from = 'user_task'): string {
    return `select t.id, t.name, t.element_id, t.bpmn_process_id, t.case_id, r.reference as case_reference,
                   t.conference_id, c.starts_at as conference_starts_at, c.ends_at as conference_ends_at,
                   c.place as conference_place, c.status as conference_status,
                   t.assignee, u.display_name as assignee_name, t.due_at, t.follow_up_at,
                   t.priority, t.created_at, t.state
              from ${from} t
              left join referral r on r.id = t.case_id
              left join conference c on c.id = t.conference_id
              left join staff_user u on u.id::text = t.assignee`;
  }

  /** @param youngPersonName the name, only where the user may see it */
  private summary(
    r: TaskRow,
    user: Principal,
    youngPersonName: string | null | undefined,
  ): TaskSummaryView {
    return {
      id: r.id,
      name: r.name,
      elementId: r.element_id,
      bpmnProcessId: r.bpmn_process_id,
      caseId: r.case_id,
      caseReference: r.case_reference,
      conferenceId: r.conference_id,
      conferenceLabel: r.conference_starts_at ? conferenceLabel(r.conference_starts_at) : null,
      youngPersonName: youngPersonName ?? null,
      assignee: r.assignee ? { id: r.assignee, displayName: r.assignee_name ?? r.assignee } : null,
      dueAt: r.due_at ? r.due_at.toISOString() : null,
      followUpAt: r.follow_up_at ? r.follow_up_at.toISOString() : null,
      priority: r.priority,
      priorityLabel: priorityLabel(r.priority),
      createdAt: r.created_at.toISOString(),
      state: r.state,
      overdue: r.state === TaskState.OPEN && !!r.due_at && r.due_at.getTime() < Date.now(),
      assignedToMe: r.assignee === user.id,
    };
  }

  /** The task, if this user may see it; otherwise "not found" (its existence is not told). */
  private async visibleTask(id: string, user: Principal): Promise<UserTask> {
    const task = await this.dataSource.getRepository(UserTask).findOneBy({ id });
    if (!task || !canSeeTask(user, task))
      throw DomainException.notFound('Diese Aufgabe gibt es nicht.');
    return task;
  }

  /** Who holds the task instead (`engineKnows`: the engine said so, the list may lag behind). */
  private async explainConflict(id: string, user: Principal, engineKnows = false): Promise<never> {
    const task = await this.visibleTask(id, user);
    if (task.state !== TaskState.OPEN) throw this.notOpen(task);
    const holder = task.assignee && task.assignee !== user.id ? task.assignee : null;
    if (!holder && engineKnows) {
      throw DomainException.conflict('Die Aufgabe hat gerade jemand anderes übernommen.');
    }
    const name = holder
      ? ((await this.users.displayNames([holder])).get(holder) ?? 'jemand anderem')
      : '';
    throw DomainException.conflict(`Die Aufgabe ist bereits ${name} zugewiesen.`);
  }

  private notOpen(task: Pick<UserTask, 'state'>): DomainException {
    return DomainException.conflict(
      task.state === TaskState.COMPLETED
        ? 'Diese Aufgabe ist bereits erledigt.'
        : 'Diese Aufgabe ist nicht mehr aktiv; der Fall ist inzwischen weitergegangen.',
    );
  }

  private async formDefinition(task: UserTask) {
    return task.formKey ? this.catalog.findForm(task.formKey) : null;
  }

  private async form(task: UserTask, user: Principal): Promise<TaskFormView | null> {
    const form = await this.formDefinition(task);
    if (!form) return null;
    const handler = this.handlers.get(form.formId);
    return {
      formId: form.formId,
      schema: form.schema,
      data: { ...task.input, ...((await handler?.data?.(task, user)) ?? {}) },
    };
  }
}
