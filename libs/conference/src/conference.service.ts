import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  berlinParts,
  berlinYear,
  DomainException,
  durationMs,
  httpConfig,
  HttpConfig,
} from '@lotse/common';
import { AuditAction, AuditService } from '@lotse/audit';
import { hasRole, Principal, Role } from '@lotse/identity';
import { Jba } from '@lotse/institution';
import {
  deliveryError,
  MAIL_TEMPLATE_LABELS,
  MailTemplateName,
  NotificationStatus,
} from '@lotse/notification';
import { OutboxService } from '@lotse/outbox';
import { canSeeCase, Consent, personalDataDisclosure } from '@lotse/referral';
import { TaskState, UserTask } from '@lotse/task';
import { AGENDA_STATE_LABELS, AgendaState, ConferenceCase } from './conference-case.entity';
import {
  CONFERENCE_KIND_LABELS,
  CONFERENCE_STATUS_LABELS,
  Conference,
  ConferenceKind,
  ConferenceStatus,
} from './conference.entity';
import {
  ConferenceDateCheckDto,
  ConferenceDateCheckView,
  ConferenceDetailView,
  ConferenceTimesDto,
  ConferenceView,
  PlanConferenceDto,
  PublicCalendarView,
} from './conference.dto';
import { calendarWarnings, DateWarning } from './date-warnings';
import { CalendarEvent, icalendar } from './icalendar';

export const REGULAR_CONFERENCES_PER_YEAR = 4;

/** The states of a case that is (or was) on a date's agenda. */
const ON_AGENDA: AgendaState[] = [
  AgendaState.SELECTED,
  AgendaState.DISCUSSED,
  AgendaState.NOT_DISCUSSED,
];

/** Messages of bpmn/conference-cycle.bpmn and bpmn/case-referral.bpmn. */
/** The process of a conference date (`bpmn/conference-cycle.bpmn`); its business key is the date's id. */
export const CONFERENCE_CYCLE_PROCESS = 'conference-cycle';

export const CONFERENCE_MESSAGES = {
  PLANNED: 'conference-planned',
  RESCHEDULED: 'conference-rescheduled',
  CANCELLED: 'conference-cancelled',
  CASE_SCHEDULED: 'case-scheduled',
  CASE_RETURNED: 'case-returned',
  CASE_DISCUSSED: 'case-discussed',
} as const;

/** Offered long enough to a process that is a step behind (a worker still running). */
export const CONFERENCE_MESSAGE_TTL_MS = 24 * 3600 * 1000;

const NOTIFICATION_STATUS_LABELS: Record<NotificationStatus, string> = {
  [NotificationStatus.QUEUED]: 'In Warteschlange',
  [NotificationStatus.SENT]: 'Versendet',
  [NotificationStatus.FAILED]: 'Fehlgeschlagen',
  [NotificationStatus.WITHHELD]: 'Nicht versandt: Einwilligung widerrufen',
};

const DAY_MS = 24 * 3600 * 1000;

/** Where a date stands on its agenda (counts of conference_case rows). */
export interface AgendaCounts {
  /** Cases on the agenda (selected, discussed, not discussed). */
  agenda: number;
  /** Cases waiting for the coordinator's selection. */
  proposed: number;
  /** Every row: an agenda was built (the referral deadline has passed). */
  total: number;
}

const NO_AGENDA: AgendaCounts = { agenda: 0, proposed: 0, total: 0 };

export const DEADLINE_PASSED_LABEL = 'Meldeschluss erreicht';

/**
 * The status as staff read it. The stored status moves with the process steps; between the
 * referral deadline and the agenda it would still say the call went out, so that span is named
 * from the agenda rows (and the wall clock, for a deadline whose step has not run yet).
 */
export function conferenceStatusLabel(
  c: Pick<Conference, 'status' | 'referralDeadline'>,
  counts: AgendaCounts,
  now = Date.now(),
): string {
  if (c.status === ConferenceStatus.PLANNED || c.status === ConferenceStatus.CALL_SENT) {
    // Dates whose agenda was built before the status `selecting` existed.
    if (counts.proposed > 0) return CONFERENCE_STATUS_LABELS[ConferenceStatus.SELECTING];
    if (counts.total > 0 || c.referralDeadline.getTime() <= now) return DEADLINE_PASSED_LABEL;
  }
  return CONFERENCE_STATUS_LABELS[c.status];
}

/**
 * When *Fälle auswählen* is due: three days after the referral deadline, but always before the
 * date — a day before it where there is room, else at the deadline itself.
 */
export function selectionDueAt(referralDeadline: Date, startsAt: Date): Date {
  const deadline = referralDeadline.getTime();
  const latest = Math.max(deadline, startsAt.getTime() - DAY_MS);
  return new Date(Math.min(deadline + 3 * DAY_MS, latest));
}

/** The times a process needs, as process variables (ISO instants for timer `timeDate`s). */
export function timerVariables(c: Conference) {
  return {
    callForReferralsAt: c.callForReferralsAt.toISOString(),
    referralDeadline: c.referralDeadline.toISOString(),
    conferenceStartsAt: c.startsAt.toISOString(),
    selectionDueAt: selectionDueAt(c.referralDeadline, c.startsAt).toISOString(),
  };
}

/**
 * The conference calendar of a JBA: the coordinator plans four regular dates a year and any
 * number of extraordinary ones, moves and cancels them. Each date runs as one
 * `conference-cycle` process, started, rescheduled and cancelled by messages from the outbox.
 */
@Injectable()
export class ConferenceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    @Inject(httpConfig.KEY) private readonly http: HttpConfig,
    private readonly audit: AuditService,
  ) {}

  async plan(dto: PlanConferenceDto, user: Principal): Promise<ConferenceView> {
    const jba = await this.coordinatedJba(user);
    const times = this.times(dto, jba);
    const conference = await this.dataSource.transaction(async (m) => {
      // One planner at a time per JBA: the yearly count must hold.
      await m.query(`select id from jba where id = $1 for update`, [jba.id]);
      if (dto.kind === ConferenceKind.REGULAR)
        await this.assertRegularSlot(m, jba.id, times.startsAt, null);
      const c = await m.save(
        m.create(Conference, {
          jbaId: jba.id,
          kind: dto.kind,
          place: dto.place.trim(),
          capacity: dto.capacity,
          status: ConferenceStatus.PLANNED,
          createdBy: user.id,
          ...times,
        }),
      );
      await this.outbox.startProcess(m, {
        messageName: CONFERENCE_MESSAGES.PLANNED,
        processDefinitionKey: CONFERENCE_CYCLE_PROCESS,
        businessKey: c.id,
        variables: {
          conferenceId: c.id,
          jbaId: jba.id,
          coordinatorGroup: `institution:${jba.coordinatingInstitutionId}:${Role.COORDINATOR}`,
          ...timerVariables(c),
        },
      });
      await this.audited(m, user, 'planned', c);
      return c;
    });
    return this.view(conference, NO_AGENDA);
  }

  /**
   * Warnings on a date (not errors: the coordinator may plan it anyway): another date of the
   * JBA at the same time and place, a weekend, a public holiday of the JBA's Bundesland.
   */
  async checkDate(dto: ConferenceDateCheckDto, user: Principal): Promise<ConferenceDateCheckView> {
    const jba = await this.coordinatedJba(user);
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(startsAt.getTime() + (dto.durationMinutes ?? 120) * 60_000);
    const warnings: DateWarning[] = [];
    const place = dto.place?.trim();
    if (place) {
      const clash: Array<{ starts_at: Date }> = await this.dataSource.query(
        `select starts_at from conference
          where jba_id = $1 and status <> 'cancelled' and ($2::uuid is null or id <> $2)
            and lower(btrim(place)) = lower($3)
            and starts_at < $5 and ends_at > $4
          order by starts_at limit 1`,
        [jba.id, dto.conferenceId ?? null, place, startsAt, endsAt],
      );
      if (clash.length) {
        const other = berlinParts(new Date(clash[0].starts_at));
        warnings.push({
          code: 'same-time-and-place',
          field: 'startsAt',
          message: `Am ${other.date} um ${other.time} Uhr ist am selben Ort („${place}“) bereits eine Fallkonferenz geplant.`,
        });
      }
    }
    warnings.push(...calendarWarnings(startsAt, jba.federalState));
    return { warnings };
  }

  /** Moves a date (time, place, capacity, deadline); the running process re-times its waits. */
  async move(id: string, dto: ConferenceTimesDto, user: Principal): Promise<ConferenceView> {
    const jba = await this.coordinatedJba(user);
    const updated = await this.dataSource.transaction(async (m) => {
      const c = await this.lock(m, id, jba.id);
      if (c.status === ConferenceStatus.CANCELLED || c.status === ConferenceStatus.HELD) {
        throw DomainException.conflict('Dieser Termin ist abgesagt oder bereits durchgeführt.');
      }
      const times = this.times(
        {
          startsAt: dto.startsAt ?? c.startsAt.toISOString(),
          durationMinutes:
            dto.durationMinutes ?? Math.round((c.endsAt.getTime() - c.startsAt.getTime()) / 60000),
          referralDeadline: dto.referralDeadline ?? c.referralDeadline.toISOString(),
        },
        jba,
      );
      if (c.kind === ConferenceKind.REGULAR)
        await this.assertRegularSlot(m, jba.id, times.startsAt, c.id);
      if (dto.capacity !== undefined) {
        const [{ n }] = await m.query(
          `select count(*)::int as n from conference_case where conference_id = $1 and state = $2`,
          [id, AgendaState.SELECTED],
        );
        if (dto.capacity < n) {
          throw DomainException.invalidField(
            'capacity',
            `Auf der Tagesordnung stehen bereits ${n} Fälle.`,
          );
        }
      }
      // Times the process already passed stay as they were.
      if (c.status !== ConferenceStatus.PLANNED) times.callForReferralsAt = c.callForReferralsAt;
      Object.assign(c, times, {
        place: dto.place?.trim() ?? c.place,
        capacity: dto.capacity ?? c.capacity,
      });
      const saved = await m.save(c);
      // Taken by the wait the date is in now; a date past its waits (held) lets it lapse.
      await this.outbox.correlate(m, `${CONFERENCE_MESSAGES.RESCHEDULED}:${id}:${saved.version}`, {
        messageName: CONFERENCE_MESSAGES.RESCHEDULED,
        businessKey: id,
        timeToLiveMs: 0,
        variables: { ...timerVariables(saved), scheduleVersion: saved.version },
      });
      await this.audited(m, user, 'moved', saved, { changes: dto });
      return saved;
    });
    return this.view(updated, (await this.agendaCounts([id])).get(id) ?? NO_AGENDA);
  }

  /**
   * Cancels a date: its cases go back to waiting (message `case-returned` to each scheduled
   * case), the process ends through its cancellation path, which tells the invited partners.
   */
  async cancel(id: string, reason: string, user: Principal): Promise<ConferenceView> {
    const jba = await this.coordinatedJba(user);
    const cancelled = await this.dataSource.transaction(async (m) => {
      const c = await this.lock(m, id, jba.id);
      if (c.status === ConferenceStatus.CANCELLED) return c;
      if (c.status === ConferenceStatus.HELD)
        throw DomainException.conflict('Dieser Termin hat bereits stattgefunden.');
      const entries = await m.find(ConferenceCase, { where: { conferenceId: id } });
      for (const e of entries.filter((e) => e.state === AgendaState.SELECTED)) {
        await this.outbox.correlate(
          m,
          `${CONFERENCE_MESSAGES.CASE_RETURNED}:${id}:${e.referralId}`,
          {
            messageName: CONFERENCE_MESSAGES.CASE_RETURNED,
            businessKey: e.referralId,
            correlationKeys: { conferenceId: id },
            timeToLiveMs: CONFERENCE_MESSAGE_TTL_MS,
            variables: {},
          },
        );
      }
      await m.update(
        ConferenceCase,
        { conferenceId: id, state: In([AgendaState.SELECTED, AgendaState.PROPOSED]) },
        { state: AgendaState.RETURNED },
      );
      c.status = ConferenceStatus.CANCELLED;
      c.cancelledAt = new Date();
      c.cancelReason = reason.trim();
      const saved = await m.save(c);
      await this.outbox.correlate(m, `${CONFERENCE_MESSAGES.CANCELLED}:${id}`, {
        messageName: CONFERENCE_MESSAGES.CANCELLED,
        businessKey: id,
        timeToLiveMs: CONFERENCE_MESSAGE_TTL_MS,
        variables: { cancelReason: saved.cancelReason },
      });
      await this.audited(m, user, 'cancelled', saved, { reason: saved.cancelReason });
      return saved;
    });
    return this.view(cancelled, NO_AGENDA);
  }

  async list(user: Principal, year: number): Promise<ConferenceView[]> {
    const rows = await this.dataSource
      .getRepository(Conference)
      .createQueryBuilder('c')
      .where('c.jba_id = :jba', { jba: user.jbaId })
      .andWhere(`extract(year from c.starts_at at time zone 'Europe/Berlin') = :year`, { year })
      .orderBy('c.starts_at', 'ASC')
      .getMany();
    const counts = await this.agendaCounts(rows.map((r) => r.id));
    return rows.map((c) => this.view(c, counts.get(c.id) ?? NO_AGENDA));
  }

  async detail(id: string, user: Principal): Promise<ConferenceDetailView> {
    const c = await this.dataSource.getRepository(Conference).findOneBy({ id, jbaId: user.jbaId });
    if (!c) throw DomainException.notFound('Diesen Termin gibt es nicht.');
    const [agenda, attendance, notifications, openTasks] = await Promise.all([
      this.dataSource.query(
        `select cc.referral_id, cc.state, cc.position, r.reference, i.id as inst_id, i.name as inst_name,
                r.jba_id, to_char(r.referred_on, 'YYYY-MM-DD') as referred_on,
                to_char(p.birth_date, 'YYYY-MM-DD') as birth_date
           from conference_case cc join referral r on r.id = cc.referral_id
           join institution i on i.id = r.referring_institution_id
           join young_person p on p.id = r.young_person_id
          where cc.conference_id = $1 order by cc.position nulls last, r.created_at`,
        [id],
      ) as Promise<
        Array<{
          referral_id: string;
          state: AgendaState;
          position: number | null;
          reference: string;
          inst_id: string;
          inst_name: string;
          jba_id: string;
          referred_on: string;
          birth_date: string;
        }>
      >,
      this.dataSource.query(
        `select a.institution_id, i.name from conference_attendance a join institution i on i.id = a.institution_id
          where a.conference_id = $1 order by i.name`,
        [id],
      ) as Promise<Array<{ institution_id: string; name: string }>>,
      this.dataSource.query(
        `select n.*, i.name as inst_name from notification n
           left join institution i on i.id = n.recipient_institution_id
          where n.conference_id = $1 order by n.created_at, n.id`,
        [id],
      ) as Promise<Array<Record<string, any>>>,
      this.dataSource
        .getRepository(UserTask)
        .find({ where: { conferenceId: id, state: TaskState.OPEN } }),
    ]);
    const visible = await this.visibleAgenda(agenda, user);
    const rawErrors = hasRole(user, Role.ADMIN);
    // The agenda's numbers count every case on it (also those the viewer cannot see), in the
    // agenda's order, so that all partners speak of the same "TOP 3".
    const onAgenda = agenda
      .filter((a) => ON_AGENDA.includes(a.state))
      .sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity));
    const numberOf = new Map(onAgenda.map((a, i) => [a.referral_id, i + 1]));
    return {
      ...this.view(c, {
        agenda: onAgenda.length,
        proposed: agenda.filter((a) => a.state === AgendaState.PROPOSED).length,
        total: agenda.length,
      }),
      hiddenCaseCount: agenda.length - visible.length,
      agenda: visible.map((a) => ({
        agendaNumber: numberOf.get(a.referral_id) ?? null,
        caseId: a.referral_id,
        reference: a.reference,
        referringInstitution: { id: a.inst_id, name: a.inst_name },
        state: a.state,
        stateLabel: AGENDA_STATE_LABELS[a.state],
        position: a.position,
      })),
      attendance: attendance.map((a) => ({ institutionId: a.institution_id, name: a.name })),
      notifications: notifications.map((n) => ({
        id: n.id,
        template: n.template,
        templateLabel: MAIL_TEMPLATE_LABELS[n.template as MailTemplateName] ?? n.template,
        recipientLabel:
          n.recipient_kind === 'institution'
            ? (n.inst_name ?? 'Institution')
            : n.recipient_kind === 'guardian'
              ? 'Erziehungsberechtigte'
              : 'junger Mensch',
        status: n.status,
        statusLabel: NOTIFICATION_STATUS_LABELS[n.status as NotificationStatus],
        attempts: n.attempts,
        lastError: deliveryError(n.last_error, rawErrors),
        sentAt: n.sent_at ? new Date(n.sent_at).toISOString() : null,
        createdAt: new Date(n.created_at).toISOString(),
      })),
      // Only tasks the viewer may open (the task list's rule): a partner is not sent to the
      // coordinator's "Fälle auswählen".
      openTasks: openTasks
        .filter(
          (t) =>
            t.assignee === user.id ||
            t.candidateUsers.includes(user.id) ||
            t.candidateGroups.some((g) => user.groups.includes(g)),
        )
        .map((t) => ({
          id: t.id,
          name: t.name,
          elementId: t.elementId,
          dueAt: t.dueAt?.toISOString() ?? null,
        })),
    };
  }

  /**
   * Need-to-know: the agenda entries a viewer may see. The JBA's coordination (coordinators and
   * admins) sees every entry (reference, referrer, state, no personal data): it plans and runs
   * the conference, and the *select cases* / *conduct conference* forms name the cases by
   * reference. Everyone else sees the cases the referral rules disclose to their institution
   * (their own referrals, and cases whose valid consent names it); the rest only as a count.
   */
  private async visibleAgenda<
    A extends {
      referral_id: string;
      inst_id: string;
      jba_id: string;
      referred_on: string;
      birth_date: string;
    },
  >(agenda: A[], user: Principal): Promise<A[]> {
    if (agenda.length === 0) return [];
    const consents = await this.dataSource.getRepository(Consent).find({
      where: { referralId: In(agenda.map((a) => a.referral_id)) },
      order: { recordedAt: 'ASC' },
    });
    const coordination = hasRole(user, Role.COORDINATOR, Role.ADMIN);
    return agenda.filter((a) => {
      const own = consents.filter((c) => c.referralId === a.referral_id);
      const referral = {
        referringInstitutionId: a.inst_id,
        jbaId: a.jba_id,
        referredOn: a.referred_on,
      };
      if (!canSeeCase(user, referral, own)) return false;
      return (
        coordination ||
        personalDataDisclosure(user.institutionId, referral, own, a.birth_date).allowed
      );
    });
  }

  /** The public list of a JBA's dates (no case data). */
  async publicCalendar(jbaId: string): Promise<PublicCalendarView> {
    const jba = await this.dataSource.getRepository(Jba).findOneBy({ id: jbaId });
    if (!jba) throw DomainException.notFound('Diese Jugendberufsagentur gibt es nicht.');
    const items = await this.dataSource
      .getRepository(Conference)
      .find({ where: { jbaId }, order: { startsAt: 'ASC' } });
    return {
      jba: { id: jba.id, name: jba.name },
      items: items.map((c) => ({
        id: c.id,
        kind: c.kind,
        kindLabel: CONFERENCE_KIND_LABELS[c.kind],
        startsAt: c.startsAt.toISOString(),
        endsAt: c.endsAt.toISOString(),
        place: c.place,
        referralDeadline: c.referralDeadline.toISOString(),
        status: c.status === ConferenceStatus.CANCELLED ? 'cancelled' : 'confirmed',
        statusLabel: c.status === ConferenceStatus.CANCELLED ? 'Abgesagt' : 'Findet statt',
      })),
    };
  }

  async publicIcs(jbaId: string): Promise<string> {
    const cal = await this.publicCalendar(jbaId);
    const rows = await this.dataSource
      .getRepository(Conference)
      .find({ where: { jbaId }, order: { startsAt: 'ASC' } });
    const events: CalendarEvent[] = rows.map((c) => {
      const deadline = berlinParts(c.referralDeadline);
      return {
        uid: `${c.id}@lotse`,
        sequence: c.version,
        start: c.startsAt,
        end: c.endsAt,
        summary: `${c.kind === ConferenceKind.EXTRAORDINARY ? 'Außerordentliche ' : ''}Fallkonferenz – ${cal.jba.name}`,
        location: c.place,
        description: `Meldeschluss: ${deadline.date}, ${deadline.time} Uhr. Fälle melden: ${this.http.publicUrl}/`,
        cancelled: c.status === ConferenceStatus.CANCELLED,
        updated: c.updatedAt,
      };
    });
    return icalendar(`Fallkonferenzen – ${cal.jba.name}`, events);
  }

  view(c: Conference, counts: AgendaCounts): ConferenceView {
    return {
      id: c.id,
      jbaId: c.jbaId,
      kind: c.kind,
      kindLabel: CONFERENCE_KIND_LABELS[c.kind],
      startsAt: c.startsAt.toISOString(),
      endsAt: c.endsAt.toISOString(),
      place: c.place,
      capacity: c.capacity,
      referralDeadline: c.referralDeadline.toISOString(),
      callForReferralsAt: c.callForReferralsAt.toISOString(),
      status: c.status,
      statusLabel: conferenceStatusLabel(c, counts),
      cancelledAt: c.cancelledAt ? c.cancelledAt.toISOString() : null,
      cancelReason: c.cancelReason,
      agendaCount: counts.agenda,
      version: c.version,
    };
  }

  /** Records who planned, moved or cancelled a date (ids and what changed; no personal data). */
  private audited(
    m: EntityManager,
    user: Principal,
    action: 'planned' | 'moved' | 'cancelled',
    c: Conference,
    detail: Record<string, unknown> = {},
  ) {
    return this.audit.record(
      [
        {
          action: AuditAction.CONFERENCE_CHANGED,
          actorUserId: user.id,
          recipientInstitutionId: user.institutionId,
          detail: { conferenceId: c.id, jbaId: c.jbaId, change: action, ...detail },
        },
      ],
      m,
    );
  }

  /**
   * The JBA this user may plan conferences for: only the coordinating institution's
   * coordinators and admins (an admin of another partner administers that partner, not the
   * JBA's dates).
   */
  private async coordinatedJba(user: Principal): Promise<Jba> {
    const jba = await this.dataSource.getRepository(Jba).findOneBy({ id: user.jbaId });
    if (!jba) throw DomainException.notFound('Jugendberufsagentur nicht gefunden.');
    const ofCoordination =
      !!jba.coordinatingInstitutionId && user.institutionId === jba.coordinatingInstitutionId;
    if (!ofCoordination || !hasRole(user, Role.COORDINATOR, Role.ADMIN)) {
      throw DomainException.forbidden('Termine plant die Koordination der Fallkonferenzen.');
    }
    if (!jba.coordinatingInstitutionId) {
      throw DomainException.conflict(
        'Für diese Jugendberufsagentur ist keine koordinierende Stelle eingetragen.',
      );
    }
    return jba;
  }

  private times(
    dto: { startsAt?: string; durationMinutes?: number; referralDeadline?: string },
    jba: Jba,
  ) {
    const now = Date.now();
    const startsAt = new Date(dto.startsAt!);
    const referralDeadline = new Date(dto.referralDeadline!);
    const problems: Array<{ field: string; messages: string[] }> = [];
    if (startsAt.getTime() <= now)
      problems.push({ field: 'startsAt', messages: ['Der Termin muss in der Zukunft liegen.'] });
    if (referralDeadline.getTime() >= startsAt.getTime()) {
      problems.push({
        field: 'referralDeadline',
        messages: ['Der Meldeschluss muss vor dem Termin liegen.'],
      });
    } else if (referralDeadline.getTime() <= now) {
      problems.push({
        field: 'referralDeadline',
        messages: ['Der Meldeschluss muss in der Zukunft liegen.'],
      });
    }
    if (problems.length) throw DomainException.validation(problems);
    const lead = durationMs(jba.callForReferralsLeadTime);
    const call = Math.max(
      now,
      Math.min(startsAt.getTime() - lead, referralDeadline.getTime() - 3600_000),
    );
    return {
      startsAt,
      endsAt: new Date(startsAt.getTime() + (dto.durationMinutes ?? 120) * 60_000),
      referralDeadline,
      callForReferralsAt: new Date(call),
    };
  }

  private async assertRegularSlot(
    m: EntityManager,
    jbaId: string,
    startsAt: Date,
    except: string | null,
  ) {
    const year = berlinYear(startsAt);
    const [{ n }] = await m.query(
      `select count(*)::int as n from conference
        where jba_id = $1 and kind = 'regular' and status <> 'cancelled' and ($3::uuid is null or id <> $3)
          and extract(year from starts_at at time zone 'Europe/Berlin') = $2`,
      [jbaId, year, except],
    );
    if (n >= REGULAR_CONFERENCES_PER_YEAR) {
      throw DomainException.conflict(
        `Für ${year} sind bereits vier reguläre Fallkonferenzen geplant. Planen Sie eine außerordentliche Fallkonferenz oder verschieben Sie einen Termin.`,
      );
    }
  }

  private async lock(m: EntityManager, id: string, jbaId: string): Promise<Conference> {
    const c = await m
      .getRepository(Conference)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.id = :id and c.jba_id = :jba', { id, jba: jbaId })
      .getOne();
    if (!c) throw DomainException.notFound('Diesen Termin gibt es nicht.');
    return c;
  }

  private async agendaCounts(ids: string[]): Promise<Map<string, AgendaCounts>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ conference_id: string; agenda: number; proposed: number; total: number }> =
      await this.dataSource.query(
        `select conference_id,
                count(*) filter (where state = any($2::text[]))::int as agenda,
                count(*) filter (where state = $3)::int as proposed,
                count(*)::int as total
           from conference_case
          where conference_id = any($1::uuid[])
          group by conference_id`,
        [ids, ON_AGENDA, AgendaState.PROPOSED],
      );
    return new Map(
      rows.map((r) => [
        r.conference_id,
        { agenda: r.agenda, proposed: r.proposed, total: r.total },
      ]),
    );
  }
}
