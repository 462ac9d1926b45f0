import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { httpConfig, HttpConfig } from '@lotse/common';
import { Role } from '@lotse/identity';
import { MailRequest, NotificationService, RecipientKind, TaskMailLine } from '@lotse/notification';
import { TaskState } from '@lotse/task';
import {
  DEFAULT_TASK_NOTIFICATION_DELIVERY,
  TaskNoticeKind,
  TaskNotificationDelivery,
} from './task-notification.entities';
import { digestDay, digestDue, germanDueOn } from './task-notification-rules';

/**
 * Staff who can get a mail: an active account with an e-mail address that does case work (the
 * data protection officer's role alone has no task list).
 */
const MAILABLE = `u.active and coalesce(u.email, '') <> ''
  and u.roles && array['${Role.CASEWORKER}', '${Role.COORDINATOR}', '${Role.ADMIN}']::text[]`;

/**
 * The (task, staff member) pairs of the tasks in `tasks` (columns id, candidate_groups,
 * candidate_users) and the staff they are offered to, by the task list's visibility rule: named
 * as a candidate user, or a member of a candidate group as `groupsOf` (libs/identity) makes
 * them — `institution:<id>` everyone there, `institution:<id>:<role>` those with the role.
 * Set-based: each group is joined to that institution's staff (indexed), so the cost grows with
 * the tasks and their groups, not with all accounts.
 */
const OFFERED_PAIRS = (tasks: string) => `
  select x.id as task_id, u.id as user_id
    from ${tasks} x
    cross join lateral unnest(x.candidate_groups) g
    join staff_user u
      on u.institution_id = (case when g ~ '^institution:[0-9a-f-]{36}(:[a-z-]+)?$'
                                  then split_part(g, ':', 2)::uuid end)
     and (split_part(g, ':', 3) = '' or split_part(g, ':', 3) = any(u.roles))
  union
  select x.id, u.id
    from ${tasks} x
    cross join lateral unnest(x.candidate_users) cu
    join staff_user u on u.id::text = cu`;

const DELIVERY = `coalesce(s.task_notifications, '${DEFAULT_TASK_NOTIFICATION_DELIVERY}')`;

/** New tasks and assignments older than this are not announced any more (first start, outages). */
const LOOKBACK = `interval '1 day'`;

/** How far back in the audit an assignment is looked for (entries, not time). */
const AUDIT_WINDOW = 5000;

interface NoticeRow {
  id: string;
  user_task_id: string;
  staff_user_id: string;
  kind: TaskNoticeKind;
  delivery: TaskNotificationDelivery;
}

interface Recipient {
  id: string;
  email: string;
  institution_id: string;
  delivery: TaskNotificationDelivery;
}

/**
 * Task notification mails (issue 13). Tells staff of tasks without personal data: the task's
 * name, the case's reference number, the due date and a link.
 *
 * - `announce()` (every few seconds in the worker, `TaskNotificationScanner`): a new open task
 *   offered to a group → its members; a task assigned to someone by someone else → that person.
 * - `dailyRun()` (the hourly timer of `bpmn/staff-notifications.bpmn`, with the engine's time):
 *   reminders for tasks due within 24 hours and overdue ones (to the assignee, else the group),
 *   and from 07:00 German time one digest per day to those who chose it.
 *
 * Every notice is a `task_notification` row unique per (task, staff member, kind), written in
 * the same transaction as its mail row (`notification`, with a dedup key), so a second scan,
 * a redelivered external task or a second worker sends nothing twice.
 */
@Injectable()
export class TaskNotifier {
  private readonly logger = new Logger('TaskNotifications');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationService,
    @Inject(httpConfig.KEY) private readonly http: HttpConfig,
  ) {}

  get settingsLink(): string {
    return `${this.http.publicUrl}/benachrichtigungen`;
  }

  /** New group tasks and assignments since the last scan; returns the mails queued. */
  async announce(): Promise<number> {
    const ids = await this.dataSource.transaction(async (m) => {
      const fresh: NoticeRow[] = [
        ...(await m.query(
          `with fresh as (
             select t.id, t.candidate_groups, t.candidate_users
               from user_task t
              where t.state = '${TaskState.OPEN}' and t.assignee is null
                and t.created_at > now() - ${LOOKBACK}
                and not exists (select 1 from task_notification n
                                 where n.user_task_id = t.id and n.kind = '${TaskNoticeKind.NEW}')
           ), offered as (${OFFERED_PAIRS('fresh')})
           insert into task_notification (user_task_id, staff_user_id, kind, delivery)
           select o.task_id, u.id, '${TaskNoticeKind.NEW}', ${DELIVERY}
             from offered o
             join staff_user u on u.id = o.user_id and ${MAILABLE}
             left join staff_notification_setting s on s.staff_user_id = u.id
           on conflict do nothing
           returning id, user_task_id, staff_user_id, kind, delivery`,
        )),
        // Assigned by someone else (the task list audits who handed a task to whom); taking a
        // task oneself is a claim, and assigning it to oneself is no news either.
        ...(await m.query(
          `insert into task_notification (user_task_id, staff_user_id, kind, delivery)
           select distinct t.id, u.id, '${TaskNoticeKind.ASSIGNED}', ${DELIVERY}
             from audit_entry a
             join user_task t on t.id::text = a.detail->>'taskId' and t.state = '${TaskState.OPEN}'
                             and t.assignee = a.detail->>'assigneeId'
             join staff_user u on u.id::text = t.assignee and ${MAILABLE}
             left join staff_notification_setting s on s.staff_user_id = u.id
            where a.seq > (select coalesce(max(seq), 0) - ${AUDIT_WINDOW} from audit_entry)
              and a.action = 'task-assigned' and a.at > now() - ${LOOKBACK}
              and a.actor_user_id is distinct from u.id
              and not exists (select 1 from task_notification n
                               where n.user_task_id = t.id and n.staff_user_id = u.id
                                 and n.kind = '${TaskNoticeKind.ASSIGNED}')
           on conflict do nothing
           returning id, user_task_id, staff_user_id, kind, delivery`,
        )),
      ];
      const now = fresh.filter((r) => r.delivery === TaskNotificationDelivery.IMMEDIATE);
      if (now.length === 0) return [];
      const lines = await this.lines(
        m,
        now.map((r) => r.user_task_id),
      );
      const recipients = await this.recipients(
        m,
        now.map((r) => r.staff_user_id),
      );
      const mails: MailRequest[] = [];
      for (const r of now) {
        const line = lines.get(r.user_task_id);
        const to = recipients.get(r.staff_user_id);
        if (!line || !to) continue;
        mails.push({
          dedupKey: `task-${r.kind}:${r.user_task_id}:${r.staff_user_id}`,
          template: r.kind === TaskNoticeKind.ASSIGNED ? 'task-assigned' : 'task-new',
          params: { ...line, settingsLink: this.settingsLink },
          to: to.email,
          recipientKind: RecipientKind.INSTITUTION,
          recipientInstitutionId: to.institution_id,
        });
      }
      const mailIds = await this.notifications.record(m, mails);
      await this.link(
        m,
        now.map((r) => r.id),
        mails.map((x) => x.dedupKey),
      );
      return mailIds;
    });
    await this.notifications.dispatch(ids);
    if (ids.length) this.logger.log({ msg: 'task notifications queued', mails: ids.length });
    return ids.length;
  }

  /**
   * The timer's run at the engine's time `now`: reminders (immediately) and, from 07:00 German
   * time, the day's digests. The reminder notices of all staff are written in one set-based
   * statement (unique per task, person and kind, so a redelivered run or a second worker adds
   * nothing) together with the reminder mails of those who want them at once; each digest is
   * composed in a transaction of its own under the person's advisory lock.
   */
  async dailyRun(now: Date): Promise<{ reminders: number; digests: number }> {
    const reminderMails = await this.dataSource.transaction((m) => this.remindAll(m, now));
    await this.notifications.dispatch(reminderMails);
    let digests = 0;
    if (digestDue(now)) {
      // Only those with something pending: the notices of open tasks not yet in a digest.
      const users: Recipient[] = await this.dataSource.query(
        `select u.id, u.email, u.institution_id, ${DELIVERY} as delivery
           from staff_user u left join staff_notification_setting s on s.staff_user_id = u.id
          where ${MAILABLE} and ${DELIVERY} = '${TaskNotificationDelivery.DAILY}'
            and exists (select 1 from task_notification n
                          join user_task t on t.id = n.user_task_id and t.state = '${TaskState.OPEN}'
                         where n.staff_user_id = u.id and n.notification_id is null
                           and n.delivery = '${TaskNotificationDelivery.DAILY}')
          order by u.id`,
      );
      for (const user of users) {
        const id = await this.dataSource.transaction(async (m) => {
          await m.query(`select pg_advisory_xact_lock(hashtext($1))`, [`task-notify:${user.id}`]);
          return this.digest(m, user, now);
        });
        if (!id) continue;
        await this.notifications.dispatch([id]);
        digests++;
      }
    }
    // Notices of tasks no longer open are no longer needed: a finished task never reopens, and
    // only open tasks are announced or reminded of.
    const [, pruned] = await this.dataSource.query(
      `delete from task_notification n
        where n.created_at < $1::timestamptz - interval '7 days'
          and not exists (select 1 from user_task t
                           where t.id = n.user_task_id and t.state = '${TaskState.OPEN}')`,
      [now],
    );
    const reminders = reminderMails.length;
    if (reminders || digests || pruned) {
      this.logger.log({ msg: 'task reminders and digests queued', reminders, digests, pruned });
    }
    return { reminders, digests };
  }

  /**
   * New reminder notices at `now` (due within 24 hours or overdue) for everyone concerned: the
   * assignee, else the staff the task is offered to; then one reminder mail per person who
   * wants mails at once, with the tasks newly due soon or overdue. Returns the mails recorded.
   */
  private async remindAll(m: EntityManager, now: Date): Promise<string[]> {
    const rows: NoticeRow[] = await m.query(
      `with due as (
         select t.id, t.candidate_groups, t.candidate_users, t.assignee, t.due_at
           from user_task t
          where t.state = '${TaskState.OPEN}' and t.due_at is not null
            and t.due_at < $1::timestamptz + interval '24 hours'
       ), concerned as (
         select d.id as task_id, u.id as user_id
           from due d join staff_user u on u.id::text = d.assignee
         union
         select o.task_id, o.user_id
           from (${OFFERED_PAIRS('(select * from due where assignee is null)')}) o
       )
       insert into task_notification (user_task_id, staff_user_id, kind, delivery)
       select c.task_id, u.id,
              case when d.due_at < $1 then '${TaskNoticeKind.OVERDUE}' else '${TaskNoticeKind.DUE_SOON}' end,
              ${DELIVERY}
         from concerned c
         join due d on d.id = c.task_id
         join staff_user u on u.id = c.user_id and ${MAILABLE}
         left join staff_notification_setting s on s.staff_user_id = u.id
        where ${DELIVERY} <> '${TaskNotificationDelivery.OFF}'
       on conflict do nothing
       returning id, user_task_id, staff_user_id, kind, delivery`,
      [now],
    );
    const immediate = rows.filter((r) => r.delivery === TaskNotificationDelivery.IMMEDIATE);
    if (immediate.length === 0) return [];
    const lines = await this.lines(
      m,
      immediate.map((r) => r.user_task_id),
    );
    const recipients = await this.recipients(
      m,
      immediate.map((r) => r.staff_user_id),
    );
    const byUser = new Map<string, NoticeRow[]>();
    for (const r of immediate)
      byUser.set(r.staff_user_id, [...(byUser.get(r.staff_user_id) ?? []), r]);
    const mailIds: string[] = [];
    for (const [userId, notices] of byUser) {
      const to = recipients.get(userId);
      if (!to) continue;
      const of = (kind: TaskNoticeKind) =>
        notices.filter((r) => r.kind === kind).flatMap((r) => lines.get(r.user_task_id) ?? []);
      const [id] = await this.notifications.record(m, [
        {
          dedupKey: `task-reminder:${notices.map((r) => r.id).sort()[0]}`,
          template: 'task-reminder',
          params: {
            dueSoon: of(TaskNoticeKind.DUE_SOON),
            overdue: of(TaskNoticeKind.OVERDUE),
            settingsLink: this.settingsLink,
          },
          to: to.email,
          recipientKind: RecipientKind.INSTITUTION,
          recipientInstitutionId: to.institution_id,
        },
      ]);
      await m.query(
        `update task_notification set notification_id = $2 where id = any($1::uuid[])`,
        [notices.map((r) => r.id), id],
      );
      mailIds.push(id);
    }
    return mailIds;
  }

  /**
   * The day's digest of `user`: what is new or assigned since the last digest and the
   * reminders, for tasks still open and still theirs or their group's. At most one per German
   * calendar day; null when there is nothing to tell or today's went out already.
   */
  private async digest(m: EntityManager, user: Recipient, now: Date): Promise<string | null> {
    const day = digestDay(now);
    const dedupKey = `task-digest:${user.id}:${day}`;
    const [sent] = await m.query(`select 1 from notification where dedup_key = $1`, [dedupKey]);
    if (sent) return null;
    const pending: NoticeRow[] = await m.query(
      `select n.id, n.user_task_id, n.staff_user_id, n.kind, n.delivery
         from task_notification n
         join user_task t on t.id = n.user_task_id and t.state = '${TaskState.OPEN}'
        where n.staff_user_id = $1 and n.delivery = '${TaskNotificationDelivery.DAILY}'
          and n.notification_id is null
          and (t.assignee is null or t.assignee = $1::text)
        order by t.due_at nulls last, n.created_at`,
      [user.id],
    );
    if (pending.length === 0) return null;
    const lines = await this.lines(
      m,
      pending.map((r) => r.user_task_id),
    );
    // A task that became overdue since it was due soon is listed as overdue only.
    const overdue = new Set(
      pending.filter((r) => r.kind === TaskNoticeKind.OVERDUE).map((r) => r.user_task_id),
    );
    const of = (kind: TaskNoticeKind) =>
      pending
        .filter((r) => r.kind === kind)
        .filter((r) => kind !== TaskNoticeKind.DUE_SOON || !overdue.has(r.user_task_id))
        .flatMap((r) => lines.get(r.user_task_id) ?? []);
    const [id] = await this.notifications.record(m, [
      {
        dedupKey,
        template: 'task-digest',
        params: {
          date: day.split('-').reverse().join('.'),
          newTasks: of(TaskNoticeKind.NEW),
          assigned: of(TaskNoticeKind.ASSIGNED),
          dueSoon: of(TaskNoticeKind.DUE_SOON),
          overdue: of(TaskNoticeKind.OVERDUE),
          settingsLink: this.settingsLink,
        },
        to: user.email,
        recipientKind: RecipientKind.INSTITUTION,
        recipientInstitutionId: user.institution_id,
      },
    ]);
    await m.query(`update task_notification set notification_id = $2 where id = any($1::uuid[])`, [
      pending.map((r) => r.id),
      id,
    ]);
    return id;
  }

  /** What a mail says about each task: name, case reference, due date, link. No personal data. */
  private async lines(m: EntityManager, taskIds: string[]): Promise<Map<string, TaskMailLine>> {
    const rows: Array<{ id: string; name: string; due_at: Date | null; reference: string | null }> =
      await m.query(
        `select t.id, t.name, t.due_at, r.reference
           from user_task t left join referral r on r.id = t.case_id
          where t.id = any($1::uuid[])`,
        [[...new Set(taskIds)]],
      );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          taskName: r.name,
          reference: r.reference,
          dueOn: germanDueOn(r.due_at),
          link: `${this.http.publicUrl}/aufgaben/${r.id}`,
        },
      ]),
    );
  }

  private async recipients(m: EntityManager, ids: string[]): Promise<Map<string, Recipient>> {
    const rows: Recipient[] = await m.query(
      `select u.id, u.email, u.institution_id, ${DELIVERY} as delivery
         from staff_user u left join staff_notification_setting s on s.staff_user_id = u.id
        where u.id = any($1::uuid[])`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Notes on each notice the mail that carries it (by the mail's dedup key). */
  private async link(m: EntityManager, noticeIds: string[], dedupKeys: string[]): Promise<void> {
    await m.query(
      `update task_notification tn set notification_id = x.id
         from notification x
        where tn.id = any($1::uuid[]) and x.dedup_key = any($2::text[])
          and x.dedup_key = 'task-' || tn.kind || ':' || tn.user_task_id || ':' || tn.staff_user_id`,
      [noticeIds, dedupKeys],
    );
  }
}
