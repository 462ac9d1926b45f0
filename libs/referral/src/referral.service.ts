import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditAction, AuditService } from '@lotse/audit';
import {
  DomainException,
  ErrorCode,
  FieldError,
  httpConfig,
  HttpConfig,
  todayIso,
  isUniqueViolation,
  reminderCycle,
} from '@lotse/common';
import { hasRole, Principal, Role } from '@lotse/identity';
import { Institution, InstitutionService, InstitutionView, Jba } from '@lotse/institution';
import { OutboxService } from '@lotse/outbox';
import { elementsWithProperty, ModelCatalog, TaskProjectionService } from '@lotse/task';
import { CONSENT_PURPOSE_LABELS, ConsentPurpose } from './consent/consent-purpose';
import { Consent } from './consent/consent.entity';
import {
  consentDocumentProblems,
  consentInputProblems,
  evaluateConsent,
  evaluateConsents,
  referredOnProblem,
} from './consent/consent.rules';
import { ReasonCode, reasonFor } from './reasons';
import { canSeeCase, personalDataDisclosure } from './referral-access';
import { ReferralEvent, ReferralEventType } from './referral-event.entity';
import { FINAL_STATUSES, REFERRAL_STATUS_LABELS, ReferralStatus } from './referral-status';
import {
  ConsentDto,
  ListReferralsQuery,
  RevokeConsentDto,
  SubmitReferralDto,
} from './referral.dto';
import { Referral } from './referral.entity';
import {
  CaseConferenceView,
  CaseSummaryView,
  ConsentView,
  DiagramView,
  HistoryEntryView,
  ReferralListView,
  ReferralView,
} from './referral.views';
import { YoungPerson } from './young-person.entity';

/** Message names the case-referral process listens for. */
/** The process of a case (`bpmn/case-referral.bpmn`); its business key is the referral id. */
export const CASE_REFERRAL_PROCESS = 'case-referral';

export const MESSAGES = {
  REFERRAL_RECEIVED: 'referral-received',
  CONSENT_PROVIDED: 'consent-provided',
  CONSENT_REVOKED: 'consent-revoked',
} as const;

/** Statuses of a case whose process is running and can still be closed by a revocation. */
const RUNNING_STATUSES: ReadonlySet<ReferralStatus> = new Set([
  ReferralStatus.RECEIVED,
  ReferralStatus.AWAITING_CONSENT,
  ReferralStatus.AWAITING_CONFERENCE,
  ReferralStatus.SCHEDULED,
]);

/** How long a message is offered to a case whose process is not yet waiting for it. */
const MESSAGE_TTL_MS = 10 * 60 * 1000;

function requestHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

export interface SubmitResult {
  referral: Referral;
  created: boolean;
}

@Injectable()
export class ReferralService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly institutions: InstitutionService,
    private readonly outbox: OutboxService,
    private readonly tasks: TaskProjectionService,
    private readonly catalog: ModelCatalog,
    private readonly audit: AuditService,
    @Inject(httpConfig.KEY) private readonly http: HttpConfig,
  ) {}

  /**
   * Accepts a referral: young person, referral, optional consent and the command that starts
   * its process, in one transaction. With an idempotency key a repeated request returns the
   * first referral; the same key with another body is refused.
   */
  async submit(
    dto: SubmitReferralDto,
    user: Principal,
    idempotencyKey?: string,
  ): Promise<SubmitResult> {
    const referringInstitutionId = dto.referringInstitutionId ?? user.institutionId;
    const hash = requestHash({ ...dto, referringInstitutionId });
    // Keys are the client's: scoped per user, so two users cannot collide.
    const scopedKey = idempotencyKey ? `${user.id}:${idempotencyKey}` : undefined;
    if (scopedKey) {
      const existing = await this.findByIdempotencyKey(scopedKey, hash);
      if (existing) return { referral: existing, created: false };
    }
    const referrer = await this.institutions.findById(referringInstitutionId);
    if (!referrer || !referrer.jba) {
      throw DomainException.invalidField(
        'referringInstitutionId',
        'Diese Institution ist nicht bekannt.',
      );
    }
    // Only the institution that holds the young person's data and the signed consent refers
    // the case: an admin of another partner filing in its name would make it the controller of
    // data it never had, and the case view would name the wrong filer (README, decisions).
    if (referrer.id !== user.institutionId) {
      throw DomainException.forbidden('Sie können nur für Ihre eigene Institution Fälle melden.');
    }
    const jba = referrer.jba;
    const today = todayIso();
    const problems: FieldError[] = [];
    const dateProblem = dto.referredOn
      ? referredOnProblem(dto.referredOn, today, jba.maxReferralBackdatingDays)
      : null;
    if (dateProblem) problems.push({ field: 'referredOn', messages: [dateProblem] });
    if (dto.consent) {
      for (const p of [
        ...consentInputProblems(dto.consent, dto.youngPerson.birthDate, today),
        ...consentDocumentProblems(dto.consent),
      ])
        problems.push({ field: `consent.${p.field}`, messages: [p.message] });
    }
    if (problems.length) throw DomainException.validation(problems);
    if (dto.consent)
      await this.assertRecipientsKnown(dto.consent.recipients, referrer, 'consent.recipients');
    try {
      const referral = await this.dataSource.transaction(async (m) => {
        const person = await m.save(
          m.create(YoungPerson, {
            firstName: dto.youngPerson.firstName.trim(),
            lastName: dto.youngPerson.lastName.trim(),
            birthDate: dto.youngPerson.birthDate,
            municipality: dto.youngPerson.municipality.trim(),
            postalCode: dto.youngPerson.postalCode ?? null,
            email: dto.youngPerson.email ?? null,
            phone: dto.youngPerson.phone ?? null,
            guardianName: dto.youngPerson.guardian?.name ?? null,
            guardianEmail: dto.youngPerson.guardian?.email ?? null,
          }),
        );
        const [{ n }] = await m.query(`select nextval('referral_reference_seq') as n`);
        const referral = await m.save(
          m.create(Referral, {
            reference: `FM-${new Date().getFullYear()}-${String(n).padStart(5, '0')}`,
            jbaId: jba.id,
            youngPersonId: person.id,
            referringInstitutionId: referrer.id,
            shortDescription: dto.shortDescription.trim(),
            referredOn: dto.referredOn ?? todayIso(),
            youngPersonAttends: dto.youngPersonAttends ?? false,
            guardianAttends: dto.guardianAttends ?? false,
            status: ReferralStatus.RECEIVED,
            statusReason: null,
            idempotencyKey: scopedKey ?? null,
            requestHash: scopedKey ? hash : null,
          }),
        );
        await m.insert(ReferralEvent, {
          referralId: referral.id,
          type: ReferralEventType.RECEIVED,
          status: ReferralStatus.RECEIVED,
          detail: { referringInstitutionId: referrer.id, userId: user.id },
        });
        await this.audit.record(
          [
            {
              action: AuditAction.REFERRAL_FILED,
              actorUserId: user.id,
              recipientInstitutionId: referrer.id,
              referralId: referral.id,
              detail: { youngPersonId: person.id },
            },
          ],
          m,
        );
        if (dto.consent) await this.insertConsent(m, referral.id, dto.consent, null, user, jba);
        await this.outbox.startProcess(m, {
          messageName: MESSAGES.REFERRAL_RECEIVED,
          processDefinitionKey: CASE_REFERRAL_PROCESS,
          businessKey: referral.id,
          // Ids and settings only: personal data stays in Postgres, not in the engine.
          variables: {
            caseId: referral.id,
            jbaId: jba.id,
            referringInstitutionId: referrer.id,
            consentReminderInterval: jba.consentReminderInterval,
            consentReminderCycle: reminderCycle(jba.consentReminderInterval, jba.consentDeadline),
            consentDeadline: jba.consentDeadline,
          },
        });
        return referral;
      });
      return { referral, created: true };
    } catch (e) {
      if (scopedKey && isUniqueViolation(e)) {
        const existing = await this.findByIdempotencyKey(scopedKey, hash);
        if (existing) return { referral: existing, created: false };
      }
      throw e;
    }
  }

  /**
   * Records a consent for a referral and tells the process (message `consent-provided`), so a
   * case waiting in *obtain consent* is checked again.
   */
  async addConsent(
    referralId: string,
    dto: ConsentDto,
    user: Principal,
    idempotencyKey?: string,
  ): Promise<ConsentView> {
    const referral = await this.dataSource.getRepository(Referral).findOne({
      where: { id: referralId },
      relations: { referringInstitution: true, youngPerson: true },
    });
    if (!referral || !(await this.canSee(user, referral))) {
      throw DomainException.notFound('Diese Fallmeldung gibt es nicht.');
    }
    if (referral.referringInstitutionId !== user.institutionId) {
      throw DomainException.forbidden('Einwilligungen erfasst die meldende Institution.');
    }
    const dedupKey = idempotencyKey ? `consent:${referralId}:${idempotencyKey}` : null;
    const consent = await this.dataSource.transaction((m) =>
      this.recordConsent(m, referral, dto, dedupKey, user),
    );
    return this.consentView(consent, referral, true, await this.institutionNames([consent]));
  }

  /**
   * Records a revocation (Widerruf) of a consent, declared to the referrer or to an institution
   * the consent names. From this moment nothing about the young person reaches anyone on that
   * consent (every disclosure evaluates the consents when it happens). When no valid consent
   * remains for a running case, its process receives `consent-revoked`, which takes the case
   * off conference agendas and closes it.
   */
  async revokeConsent(
    referralId: string,
    consentId: string,
    dto: RevokeConsentDto,
    user: Principal,
  ): Promise<ConsentView> {
    const { referral, consent } = await this.dataSource.transaction(async (m) => {
      const referral = await m
        .getRepository(Referral)
        .createQueryBuilder('r')
        .setLock('pessimistic_write')
        .where('r.id = :id', { id: referralId })
        .getOne();
      const consents = await m.find(Consent, {
        where: { referralId },
        order: { recordedAt: 'DESC' },
      });
      if (!referral || !canSeeCase(user, referral, consents)) {
        throw DomainException.notFound('Diese Fallmeldung gibt es nicht.');
      }
      const consent = consents.find((c) => c.id === consentId);
      if (!consent) throw DomainException.notFound('Diese Einwilligung gibt es nicht.');
      if (
        referral.referringInstitutionId !== user.institutionId &&
        !consent.recipients.includes(user.institutionId)
      ) {
        throw DomainException.forbidden(
          'Einen Widerruf erfassen die meldende Stelle und die Stellen, die die Einwilligung nennt.',
        );
      }
      if (consent.revokedAt) {
        throw DomainException.conflict('Diese Einwilligung ist bereits widerrufen.');
      }
      const declaredOn = dto.declaredOn ?? todayIso();
      if (declaredOn < consent.signedOn) {
        throw DomainException.validation([
          {
            field: 'declaredOn',
            messages: [
              'Der Widerruf kann nicht vor der Unterschrift der Einwilligung erklärt worden sein.',
            ],
          },
        ]);
      }
      referral.youngPerson = await m.findOneByOrFail(YoungPerson, { id: referral.youngPersonId });
      const subject = {
        birthDate: referral.youngPerson.birthDate,
        referredOn: referral.referredOn,
      };
      const validBefore = evaluateConsents(consents, subject).valid;
      consent.revokedAt = new Date();
      consent.revocationDeclaredOn = declaredOn;
      consent.revocationReason = dto.reason?.trim() || null;
      await m.update(
        Consent,
        { id: consent.id },
        {
          revokedAt: consent.revokedAt,
          revocationDeclaredOn: consent.revocationDeclaredOn,
          revocationReason: consent.revocationReason,
        },
      );
      // The reason stays on the consent (personal matters): the event names the day only.
      await m.insert(ReferralEvent, {
        referralId,
        type: ReferralEventType.CONSENT_REVOKED,
        reasonCode: ReasonCode.CONSENT_REVOKED,
        detail: { consentId, userId: user.id, declaredOn },
        dedupKey: `consent-revoked:${consentId}`,
      });
      await this.audit.record(
        [
          {
            action: AuditAction.CONSENT_REVOKED,
            actorUserId: user.id,
            recipientInstitutionId: user.institutionId,
            referralId,
            consentId,
          },
        ],
        m,
      );
      if (
        validBefore &&
        !evaluateConsents(consents, subject).valid &&
        RUNNING_STATUSES.has(referral.status)
      ) {
        await this.outbox.correlate(m, `${MESSAGES.CONSENT_REVOKED}:${referralId}`, {
          messageName: MESSAGES.CONSENT_REVOKED,
          businessKey: referralId,
          timeToLiveMs: MESSAGE_TTL_MS,
          variables: {},
        });
      }
      return { referral, consent };
    });
    // The guardians' names are personal data: only the referrer gets them back here.
    return this.consentView(
      consent,
      referral,
      referral.referringInstitutionId === user.institutionId,
      await this.institutionNames([consent]),
    );
  }

  /**
   * Records a consent (API or task *obtain consent*) and tells the process (message
   * `consent-provided`), so a case waiting for it is checked again.
   */
  async recordConsent(
    m: EntityManager,
    referral: Referral,
    dto: ConsentDto,
    dedupKey: string | null,
    user: Principal,
    opts: { notifyProcess?: boolean; fieldName?: (field: string) => string } = {},
  ): Promise<Consent> {
    if (FINAL_STATUSES.has(referral.status)) {
      throw DomainException.conflict(
        `Der Fall ist abgeschlossen (${REFERRAL_STATUS_LABELS[referral.status]}); bitte melden Sie ihn neu.`,
      );
    }
    const birthDate =
      referral.youngPerson?.birthDate ??
      (await m.findOneByOrFail(YoungPerson, { id: referral.youngPersonId })).birthDate;
    const problems = [
      ...consentInputProblems(dto, birthDate, todayIso()),
      ...consentDocumentProblems(dto),
    ];
    if (problems.length) {
      const name = opts.fieldName ?? ((f: string) => f);
      throw DomainException.validation(
        problems.map((p) => ({ field: name(p.field), messages: [p.message] })),
      );
    }
    const referrer =
      referral.referringInstitution ??
      (await this.institutions.findById(referral.referringInstitutionId));
    await this.assertRecipientsKnown(dto.recipients, referrer!, 'recipients');
    if (dedupKey) {
      const existing = await m.findOneBy(Consent, { dedupKey });
      if (existing) return existing;
    }
    const jba = await m.findOneByOrFail(Jba, { id: referral.jbaId });
    const consent = await this.insertConsent(m, referral.id, dto, dedupKey, user, jba);
    await this.redateToConsent(m, referral, dto.signedOn, user);
    // Through the task, completing the task itself moves the process on.
    if (opts.notifyProcess === false) return consent;
    await this.outbox.correlate(m, `${MESSAGES.CONSENT_PROVIDED}:${consent.id}`, {
      messageName: MESSAGES.CONSENT_PROVIDED,
      businessKey: referral.id,
      timeToLiveMs: MESSAGE_TTL_MS,
      variables: {},
    });
    return consent;
  }

  /**
   * Nothing about a young person may be exchanged before the consent: a case that waited for
   * its consent counts as referred from the day the consent was signed (a consent signed after
   * the referral date does not count for a referral that already had that date).
   */
  private async redateToConsent(
    m: EntityManager,
    referral: Referral,
    signedOn: string,
    user: Principal,
  ) {
    const waiting =
      referral.status === ReferralStatus.RECEIVED ||
      referral.status === ReferralStatus.AWAITING_CONSENT;
    if (!waiting || signedOn <= referral.referredOn || signedOn > todayIso()) return;
    await m.update(Referral, { id: referral.id }, { referredOn: signedOn });
    await m.insert(ReferralEvent, {
      referralId: referral.id,
      type: ReferralEventType.REFERRAL_REDATED,
      detail: { from: referral.referredOn, to: signedOn, userId: user.id },
    });
    referral.referredOn = signedOn;
  }

  async get(id: string, user: Principal): Promise<ReferralView> {
    const referral = await this.dataSource.getRepository(Referral).findOne({
      where: { id },
      relations: { youngPerson: true, referringInstitution: true },
    });
    const consents = referral ? await this.consentsOf(id) : [];
    if (!referral || !canSeeCase(user, referral, consents)) {
      throw DomainException.notFound('Diese Fallmeldung gibt es nicht.');
    }
    const [events, openTasks, names] = await Promise.all([
      this.dataSource
        .getRepository(ReferralEvent)
        .find({ where: { referralId: id }, order: { occurredAt: 'ASC', id: 'ASC' } }),
      this.tasks.openTasksOfCase(id),
      this.institutionNames(consents),
    ]);
    const p = referral.youngPerson!;
    const disclosed = await this.disclose(user, referral, consents, 'referral-view');
    return {
      id: referral.id,
      reference: referral.reference,
      status: referral.status,
      statusLabel: REFERRAL_STATUS_LABELS[referral.status] ?? referral.status,
      // Reasons naming an age bracket or the residence, and whether the young person or a
      // guardian attends, are personal attributes too: only with the right to the personal data.
      statusReason: reasonFor(referral.statusReason, disclosed),
      referredOn: referral.referredOn,
      shortDescription: disclosed ? referral.shortDescription : null,
      youngPersonAttends: disclosed ? referral.youngPersonAttends : null,
      guardianAttends: disclosed ? referral.guardianAttends : null,
      youngPerson: disclosed
        ? {
            firstName: p.firstName,
            lastName: p.lastName,
            birthDate: p.birthDate,
            municipality: p.municipality,
            postalCode: p.postalCode,
            email: p.email,
            phone: p.phone,
            guardianName: p.guardianName,
            guardianEmail: p.guardianEmail,
          }
        : null,
      referringInstitution: InstitutionView.of(referral.referringInstitution!),
      processInstanceId: referral.processInstanceId,
      consents: consents.map((c) => this.consentView(c, referral, disclosed, names)),
      conference: await this.conferenceOf(id),
      openTasks: openTasks.map((t) => ({
        id: t.id,
        name: t.name,
        elementId: t.elementId,
        dueAt: t.dueAt ? t.dueAt.toISOString() : null,
      })),
      // A task's bookkeeping row of a status step carries no status of its own.
      history: events
        .filter((e) => !(e.type === ReferralEventType.STATUS_CHANGED && !e.status))
        .map((e) => HistoryEntryView.of(e, disclosed, historyNote(e, consents, disclosed))),
      createdAt: referral.createdAt.toISOString(),
      updatedAt: referral.updatedAt.toISOString(),
    };
  }

  /**
   * The cases a user may see: referred by their institution, named in a consent, or
   * (coordinators, admins) of their JBA. `q` finds a case by its reference, its referring
   * institution, or the young person's name; the name only among the cases whose personal data
   * the user's institution may see (so a name search tells nothing about other cases). The list
   * names the young person where that is allowed (each shown name is audited).
   */
  async list(user: Principal, q: ListReferralsQuery): Promise<ReferralListView> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const params: unknown[] = [
      user.institutionId,
      user.jbaId,
      hasRole(user, Role.COORDINATOR, Role.ADMIN),
    ];
    let where = `(r.referring_institution_id = $1
      or ($3 and r.jba_id = $2)
      or exists (select 1 from consent c where c.referral_id = r.id and c.revoked_at is null and $1 = any(c.recipients)))`;
    if (q.status) {
      params.push(q.status);
      where += ` and r.status = $${params.length}`;
    }
    const search = q.q?.trim().replace(/\s+/g, ' ') ?? '';
    if (search) {
      params.push(`%${escapeLike(search)}%`);
      const like = `$${params.length}`;
      params.push(await this.idsByName(user, search));
      where += ` and (r.reference ilike ${like} or i.name ilike ${like} or r.id = any($${params.length}::uuid[]))`;
    }
    const [{ total }] = await this.dataSource.query(
      `select count(*)::int as total
         from referral r join institution i on i.id = r.referring_institution_id
        where ${where}`,
      params,
    );
    params.push(pageSize, (page - 1) * pageSize);
    const rows: Array<{
      id: string;
      reference: string;
      status: ReferralStatus;
      created_at: Date;
      inst_id: string;
      inst_name: string;
    }> = await this.dataSource.query(
      `select r.id, r.reference, r.status, r.created_at, i.id as inst_id, i.name as inst_name
           from referral r join institution i on i.id = r.referring_institution_id
          where ${where} order by r.created_at desc, r.id limit $${params.length - 1} offset $${params.length}`,
      params,
    );
    const names = await this.disclosedNames(
      user,
      rows.map((r) => r.id),
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        reference: r.reference,
        status: r.status,
        statusLabel: REFERRAL_STATUS_LABELS[r.status] ?? r.status,
        referringInstitution: { id: r.inst_id, name: r.inst_name },
        youngPersonName: names.get(r.id) ?? null,
        createdAt: r.created_at.toISOString(),
      })),
      total,
      page,
      pageSize,
      statusOptions: Object.values(ReferralStatus).map((value) => ({
        value,
        label: REFERRAL_STATUS_LABELS[value],
      })),
    };
  }

  /**
   * The cases whose young person's name contains every word of `search` and whose personal data
   * the user's institution may see (the referrer's own, or a valid consent naming it). The SQL
   * narrows to the referrer's and unrevoked consents' cases; the consent rules decide the rest.
   */
  private async idsByName(user: Principal, search: string): Promise<string[]> {
    const words = search.split(' ').slice(0, 5);
    const params: unknown[] = [user.institutionId, user.jbaId];
    const conditions = words.map((w) => {
      params.push(`%${escapeLike(w)}%`);
      return `(p.first_name ilike $${params.length} or p.last_name ilike $${params.length})`;
    });
    const rows: Array<{
      id: string;
      referring_institution_id: string;
      referred_on: string;
      birth_date: string;
    }> = await this.dataSource.query(
      `select r.id, r.referring_institution_id, r.referred_on::text as referred_on,
              p.birth_date::text as birth_date
         from referral r join young_person p on p.id = r.young_person_id
        where r.jba_id = $2
          and (r.referring_institution_id = $1
               or exists (select 1 from consent c where c.referral_id = r.id
                            and c.revoked_at is null and $1 = any(c.recipients)))
          and ${conditions.join(' and ')}
        limit 500`,
      params,
    );
    if (rows.length === 0) return [];
    const consents = await this.dataSource
      .getRepository(Consent)
      .find({ where: { referralId: In(rows.map((r) => r.id)) }, order: { recordedAt: 'ASC' } });
    return rows
      .filter(
        (r) =>
          personalDataDisclosure(
            user.institutionId,
            { referringInstitutionId: r.referring_institution_id, referredOn: r.referred_on },
            consents.filter((c) => c.referralId === r.id),
            r.birth_date,
          ).allowed,
      )
      .map((r) => r.id);
  }

  /** The young people's names of the listed cases the user may see; each shown name is audited. */
  private async disclosedNames(user: Principal, ids: string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    if (ids.length === 0) return names;
    const [referrals, consents] = await Promise.all([
      this.dataSource
        .getRepository(Referral)
        .find({ where: { id: In(ids) }, relations: { youngPerson: true } }),
      this.dataSource
        .getRepository(Consent)
        .find({ where: { referralId: In(ids) }, order: { recordedAt: 'ASC' } }),
    ]);
    const audited: Array<{ referralId: string; consentId: string | null; basis: string }> = [];
    for (const r of referrals) {
      const p = r.youngPerson!;
      const d = personalDataDisclosure(
        user.institutionId,
        r,
        consents.filter((c) => c.referralId === r.id),
        p.birthDate,
      );
      if (!d.allowed) continue;
      names.set(r.id, `${p.firstName} ${p.lastName}`);
      audited.push({
        referralId: r.id,
        consentId: d.basis === 'consent' ? d.consentId : null,
        basis: d.basis,
      });
    }
    await this.audit.record(
      audited.map((x) => ({
        action: AuditAction.PERSONAL_DATA_READ,
        actorUserId: user.id,
        recipientInstitutionId: user.institutionId,
        referralId: x.referralId,
        consentId: x.consentId,
        detail: { where: 'case-list', basis: x.basis },
      })),
    );
    return names;
  }

  /**
   * The case's process diagram with where it stands: its open user tasks, and the elements the
   * model marks with the property `lotse.status` = the case's status (wait states, end events).
   */
  async diagram(id: string, user: Principal): Promise<DiagramView> {
    const referral = await this.dataSource.getRepository(Referral).findOneBy({ id });
    if (!referral || !canSeeCase(user, referral, await this.consentsOf(id))) {
      throw DomainException.notFound('Diese Fallmeldung gibt es nicht.');
    }
    const definition = referral.processDefinitionId
      ? await this.catalog.findProcess(referral.processDefinitionId)
      : await this.catalog.latestProcess(CASE_REFERRAL_PROCESS);
    if (!definition)
      throw DomainException.notFound('Für diesen Fall liegt noch kein Prozessdiagramm vor.');
    const [open, events] = await Promise.all([
      this.tasks.openTasksOfCase(id),
      this.dataSource.getRepository(ReferralEvent).find({ where: { referralId: id } }),
    ]);
    const byStatus = elementsWithProperty(definition.xml, 'lotse.status', referral.status);
    const active = [...new Set([...open.map((t) => t.elementId), ...byStatus])];
    const completed = [
      ...new Set(
        events.map((e) => e.detail.elementId).filter((e): e is string => typeof e === 'string'),
      ),
    ].filter((e) => !active.includes(e));
    return { xml: definition.xml, activeElementIds: active, completedElementIds: completed };
  }

  /** What a task page shows of its case; personal data only when the user's institution may see it. */
  async caseSummary(caseId: string, user: Principal): Promise<CaseSummaryView | null> {
    const referral = await this.dataSource.getRepository(Referral).findOne({
      where: { id: caseId },
      relations: { youngPerson: true, referringInstitution: true },
    });
    if (!referral) return null;
    const consents = await this.consentsOf(caseId);
    const disclosed = await this.disclose(user, referral, consents, 'task-view');
    return {
      id: referral.id,
      reference: referral.reference,
      status: referral.status,
      statusLabel: REFERRAL_STATUS_LABELS[referral.status] ?? referral.status,
      shortDescription: disclosed ? referral.shortDescription : null,
      referringInstitution: {
        id: referral.referringInstitutionId,
        name: referral.referringInstitution!.name,
      },
      youngPerson: disclosed
        ? {
            firstName: referral.youngPerson!.firstName,
            lastName: referral.youngPerson!.lastName,
            birthDate: referral.youngPerson!.birthDate,
          }
        : null,
    };
  }

  findReferral(id: string): Promise<Referral | null> {
    return this.dataSource
      .getRepository(Referral)
      .findOne({ where: { id }, relations: { referringInstitution: true } });
  }

  /** The date the case is on the agenda of, or was last discussed at (not a cancelled one). */
  private async conferenceOf(referralId: string): Promise<CaseConferenceView | null> {
    const [row]: Array<{
      id: string;
      starts_at: Date;
      ends_at: Date;
      place: string;
      state: string;
    }> = await this.dataSource.query(
      `select c.id, c.starts_at, c.ends_at, c.place, cc.state
         from conference_case cc join conference c on c.id = cc.conference_id
        where cc.referral_id = $1 and cc.state in ('selected', 'discussed')
          and c.status <> 'cancelled'
        order by c.starts_at desc limit 1`,
      [referralId],
    );
    return row
      ? {
          id: row.id,
          startsAt: row.starts_at.toISOString(),
          endsAt: row.ends_at.toISOString(),
          place: row.place,
          discussed: row.state === 'discussed',
        }
      : null;
  }

  private consentsOf(referralId: string): Promise<Consent[]> {
    return this.dataSource
      .getRepository(Consent)
      .find({ where: { referralId }, order: { recordedAt: 'ASC' } });
  }

  private async canSee(user: Principal, referral: Referral): Promise<boolean> {
    return canSeeCase(user, referral, await this.consentsOf(referral.id));
  }

  /** Whether the user may see the personal data; a disclosure on a consent is audited. */
  private async disclose(
    user: Principal,
    referral: Referral,
    consents: Consent[],
    where: string,
  ): Promise<boolean> {
    const d = personalDataDisclosure(
      user.institutionId,
      referral,
      consents,
      referral.youngPerson!.birthDate,
    );
    // Every read of personal data, the referring institution's own included (issue 12).
    if (d.allowed) {
      await this.audit.record([
        {
          action: AuditAction.PERSONAL_DATA_READ,
          actorUserId: user.id,
          recipientInstitutionId: user.institutionId,
          referralId: referral.id,
          consentId: d.basis === 'consent' ? d.consentId : null,
          detail: { where, basis: d.basis },
        },
      ]);
    }
    return d.allowed;
  }

  href(id: string): string {
    return `/api/v1/referrals/${id}`;
  }

  /** Link for people (mails): the case page of the web UI. */
  caseLink(id: string): string {
    return `${this.http.publicUrl}/faelle/${id}`;
  }

  /**
   * A consent as the viewer may see it: who signed (the young person or guardians, with
   * capacity or not) tells the age bracket, so only with the right to the personal data
   * (`disclosed`); recipients, purposes, dates and validity are what every viewer of the case
   * needs to know what may be shared.
   */
  private consentView(
    c: Consent,
    referral: Referral,
    disclosed: boolean,
    names: ReadonlyMap<string, string>,
  ): ConsentView {
    const verdict = evaluateConsent(c, {
      birthDate: referral.youngPerson!.birthDate,
      referredOn: referral.referredOn,
    });
    return {
      id: c.id,
      grantedBy: disclosed ? c.grantedBy : null,
      signedOn: c.signedOn,
      capacityConfirmed: disclosed ? c.capacityConfirmed : null,
      guardianInformed: disclosed ? c.guardianInformed : null,
      guardianNames: disclosed ? c.guardianNames : [],
      jointCustody: disclosed ? c.jointCustody : null,
      recipients: c.recipients,
      recipientInstitutions: c.recipients.map((id) => ({ id, name: names.get(id) ?? id })),
      purposes: c.purposes,
      purposeLabels: c.purposes.map((p) => CONSENT_PURPOSE_LABELS[p as ConsentPurpose] ?? p),
      documentHash: c.documentHash,
      paperOnlyReason: c.paperOnlyReason,
      revokedAt: c.revokedAt ? c.revokedAt.toISOString() : null,
      revocationDeclaredOn: c.revocationDeclaredOn,
      revocationReason: disclosed ? c.revocationReason : null,
      recordedAt: c.recordedAt.toISOString(),
      valid: verdict.valid,
      invalidReason: verdict.valid ? null : reasonFor(verdict.reason, disclosed),
    };
  }

  private async insertConsent(
    m: EntityManager,
    referralId: string,
    dto: ConsentDto,
    dedupKey: string | null,
    user: Principal,
    jba: Jba,
  ) {
    const consent = await m.save(
      m.create(Consent, {
        referralId,
        grantedBy: dto.grantedBy,
        signedOn: dto.signedOn,
        capacityConfirmed: dto.capacityConfirmed ?? false,
        guardianInformed: dto.guardianInformed ?? false,
        guardianNames: (dto.guardianNames ?? []).map((n) => n.trim()),
        jointCustody: dto.jointCustody ?? false,
        // The consent is judged by the rule it was taken under (README, decisions).
        minorMayConsentAlone: jba.minorsMayConsentAlone,
        recipients: dto.recipients,
        purposes: dto.purposes,
        // A hash is the stronger proof: with one, no paper-only reason is kept.
        documentHash: dto.documentHash ? dto.documentHash.toLowerCase() : null,
        paperOnlyReason: dto.documentHash ? null : (dto.paperOnlyReason?.trim() ?? null),
        revokedAt: null,
        revocationDeclaredOn: null,
        revocationReason: null,
        dedupKey,
      }),
    );
    await m.insert(ReferralEvent, {
      referralId,
      type: ReferralEventType.CONSENT_RECORDED,
      detail: { consentId: consent.id, userId: user.id },
    });
    await this.audit.record(
      [
        {
          action: AuditAction.CONSENT_RECORDED,
          actorUserId: user.id,
          referralId,
          consentId: consent.id,
        },
      ],
      m,
    );
    return consent;
  }

  /** The names of the institutions the consents name. */
  private async institutionNames(consents: readonly Consent[]): Promise<Map<string, string>> {
    const ids = [...new Set(consents.flatMap((c) => c.recipients))];
    const found = await this.institutions.findByIds(ids);
    return new Map(found.map((i) => [i.id, i.name]));
  }

  private async assertRecipientsKnown(ids: string[], referrer: Institution, field: string) {
    if (ids.length === 0) return;
    const found = await this.institutions.findByIds(ids);
    const known = new Set(found.filter((i) => i.jbaId === referrer.jbaId).map((i) => i.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw DomainException.validation([
        {
          field,
          messages: [
            `Unbekannte Institution(en) dieser Jugendberufsagentur: ${unknown.join(', ')}`,
          ],
        },
      ]);
    }
  }

  private async findByIdempotencyKey(key: string, hash: string): Promise<Referral | null> {
    const existing = await this.dataSource
      .getRepository(Referral)
      .findOneBy({ idempotencyKey: key });
    if (existing && existing.requestHash !== hash) {
      throw new DomainException(
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
        'Dieser Idempotency-Key wurde bereits für eine andere Fallmeldung verwendet.',
      );
    }
    return existing;
  }
}

/** The history's words for a revocation: the day it was declared and (with disclosure) why. */
function historyNote(
  e: ReferralEvent,
  consents: readonly Consent[],
  disclosed: boolean,
): string | null {
  if (e.type !== ReferralEventType.CONSENT_REVOKED) return null;
  const consent = consents.find((c) => c.id === e.detail.consentId);
  const declaredOn =
    consent?.revocationDeclaredOn ??
    (typeof e.detail.declaredOn === 'string' ? e.detail.declaredOn : null);
  const parts: string[] = [];
  if (declaredOn) parts.push(`Widerruf erklärt am ${germanDate(declaredOn)}.`);
  if (disclosed && consent?.revocationReason) parts.push(`Grund: ${consent.revocationReason}`);
  return parts.length ? parts.join(' ') : null;
}

function germanDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

/** `text` as a literal inside an ILIKE pattern. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
