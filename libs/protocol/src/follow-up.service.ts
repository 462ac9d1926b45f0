import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditAction, AuditService, AuditRecord } from '@lotse/audit';
import { berlinMorning, germanDate } from '@lotse/common';
import { Role } from '@lotse/identity';
import { Institution, Jba } from '@lotse/institution';
import { NotificationService, RecipientKind, MailRequest } from '@lotse/notification';
import { Referral } from '@lotse/referral';
import { protocolRecipients } from './protocol-access';
import {
  DeliveryStatus,
  Measure,
  MeasureStatus,
  Protocol,
  ProtocolDelivery,
  ProtocolStep,
  ProtocolVersion,
} from './protocol.entity';
import { ProtocolService } from './protocol.service';

/** One run of one external task (its id is stable across redeliveries of that run). */
export interface FollowUpStepRef {
  taskId: string;
}

/**
 * The protocol's and the follow-up's external-task steps. Each step runs in one transaction
 * and records its outcome under the task id: a redelivered task returns that outcome and
 * writes and sends nothing again.
 */
@Injectable()
export class FollowUpService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly protocols: ProtocolService,
    private readonly notifications: NotificationService,
    private readonly audit: AuditService,
  ) {}

  /** The protocol of this case and conference (created once) and the variables the model needs. */
  open(caseId: string, conferenceId: string, step: FollowUpStepRef) {
    return this.step(caseId, step, 'open', async (m) => {
      await m
        .createQueryBuilder()
        .insert()
        .into(Protocol)
        .values({ referralId: caseId, conferenceId })
        .orIgnore()
        .execute();
      const protocol = await m.findOneByOrFail(Protocol, { referralId: caseId, conferenceId });
      const { jba } = await this.jbaOf(m, caseId);
      return {
        outcome: {
          protocolId: protocol.id,
          coordinatorGroup: `institution:${jba.coordinatingInstitutionId}:${Role.COORDINATOR}`,
          followUpEscalationDelay: jba.followUpEscalationDelay,
        },
        mails: [],
      };
    });
  }

  /**
   * Sends every finalized version of the case's protocols not sent yet: to each institution
   * the consent names for protocol distribution a mail with a link (or, where the JBA allows
   * it, the PDF attached); every other participant or responsible institution gets nothing,
   * and the refusal is recorded.
   */
  distribute(caseId: string, step: FollowUpStepRef) {
    return this.step(caseId, step, 'distribute', async (m) => {
      const ctx = await this.protocols.caseContext(m, caseId);
      const { jba } = await this.jbaOf(m, caseId);
      const pending = await m
        .getRepository(ProtocolVersion)
        .createQueryBuilder('v')
        .addSelect('v.pdf')
        .innerJoin(Protocol, 'p', 'p.id = v.protocol_id')
        .where('p.referral_id = :caseId', { caseId })
        .andWhere(
          'not exists (select 1 from protocol_delivery d where d.protocol_version_id = v.id)',
        )
        .orderBy('v.finalized_at', 'ASC')
        .getMany();
      const recipients = protocolRecipients(ctx.referral, ctx.consents, ctx.person.birthDate);
      const institutions = await m.find(Institution, { where: { jbaId: jba.id } });
      const mailIds: string[] = [];
      const audit: AuditRecord[] = [];
      for (const v of pending) {
        const involved = new Set<string>([
          ...recipients,
          ...v.content.participants.map((p) => p.institutionId),
          ...v.content.measures.map((x) => x.institutionId),
        ]);
        for (const inst of institutions.filter((i) => involved.has(i.id))) {
          if (!recipients.has(inst.id)) {
            await m
              .createQueryBuilder()
              .insert()
              .into(ProtocolDelivery)
              .values({
                protocolVersionId: v.id,
                institutionId: inst.id,
                status: DeliveryStatus.REFUSED,
                detail: 'Die Einwilligung nennt diese Stelle nicht für den Versand des Protokolls.',
              })
              .orIgnore()
              .execute();
            continue;
          }
          const attached = jba.protocolPdfAttachment;
          const mail: MailRequest = {
            dedupKey: `protocol:${v.id}:${inst.id}`,
            template: 'protocol-available',
            params: {
              jbaName: jba.name,
              reference: ctx.referral.reference,
              version: v.version,
              corrected: v.version > 1,
              attached,
              link: this.protocols.caseLink(caseId),
            },
            to: inst.contactEmail,
            recipientKind: RecipientKind.INSTITUTION,
            recipientInstitutionId: inst.id,
            referralId: caseId,
            attachments: attached
              ? [{ fileName: v.fileName, mediaType: 'application/pdf', content: v.pdf }]
              : [],
          };
          const [notificationId] = await this.notifications.record(m, [mail]);
          mailIds.push(notificationId);
          await m
            .createQueryBuilder()
            .insert()
            .into(ProtocolDelivery)
            .values({
              protocolVersionId: v.id,
              institutionId: inst.id,
              status: DeliveryStatus.SENT,
              detail: attached ? 'attachment' : 'link',
              notificationId,
            })
            .orIgnore()
            .execute();
          if (attached) {
            audit.push({
              action: AuditAction.PROTOCOL_SENT,
              recipientInstitutionId: inst.id,
              referralId: caseId,
              detail: { protocolVersionId: v.id, version: v.version },
            });
          }
        }
      }
      if (audit.length) await this.audit.record(audit, m);
      return { outcome: { distributedVersions: pending.length }, mails: mailIds };
    });
  }

  /** A round of reviews over the case's open measures (their order is the loop's). */
  startRound(caseId: string, step: FollowUpStepRef) {
    return this.step(caseId, step, 'start-round', async (m) => {
      const referral = await m
        .getRepository(Referral)
        .createQueryBuilder('r')
        .setLock('pessimistic_write')
        .where('r.id = :caseId', { caseId })
        .getOneOrFail();
      const [{ round }]: Array<{ round: number }> = await m.query(
        `select coalesce(max(review_round), 0) + 1 as round from measure where referral_id = $1`,
        [referral.id],
      );
      // (a plain UPDATE … RETURNING answers [rows, count] through TypeORM: count in SQL)
      const [{ n }]: Array<{ n: number }> = await m.query(
        `with o as (select id, (row_number() over (order by due_on, created_at, position) - 1)::int as pos
                      from measure where referral_id = $1 and status = 'open'),
              u as (update measure ms set review_round = $2, round_position = o.pos
                      from o where ms.id = o.id returning ms.id)
         select count(*)::int as n from u`,
        [referral.id, round],
      );
      const { jba } = await this.jbaOf(m, caseId);
      return {
        outcome: {
          followUpRound: round,
          openMeasureCount: n,
          followUpEscalationDelay: jba.followUpEscalationDelay,
        },
        mails: [],
      };
    });
  }

  /** The measure of this instance of the follow-up loop, and when it falls due. */
  prepareReview(caseId: string, round: number, loopCounter: number, step: FollowUpStepRef) {
    return this.step(caseId, step, 'prepare-review', async (m) => {
      const measure = await m.findOneBy(Measure, {
        referralId: caseId,
        reviewRound: round,
        roundPosition: loopCounter,
      });
      if (!measure)
        throw new Error(`no measure ${loopCounter} in round ${round} of case ${caseId}`);
      return {
        outcome: {
          measureId: measure.id,
          measureDueAt: berlinMorning(measure.dueOn).toISOString(),
          measureInstitutionId: measure.institutionId,
        },
        mails: [],
      };
    });
  }

  /** A review is overdue: the coordination is told (by reference, no case data) and gets the task. */
  escalateReview(caseId: string, measureId: string, step: FollowUpStepRef) {
    return this.step(caseId, step, 'escalate-review', async (m) => {
      const { referral, jba } = await this.jbaOf(m, caseId);
      const measure = await m.findOneByOrFail(Measure, { id: measureId });
      const responsible = await m.findOneByOrFail(Institution, { id: measure.institutionId });
      const coordination = jba.coordinatingInstitutionId
        ? await m.findOneBy(Institution, { id: jba.coordinatingInstitutionId })
        : null;
      if (!coordination) return { outcome: { escalated: true }, mails: [] };
      const ids = await this.notifications.record(m, [
        {
          dedupKey: `review-overdue:${step.taskId}`,
          template: 'review-overdue',
          params: {
            reference: referral.reference,
            institution: responsible.name,
            dueOn: germanDate(measure.dueOn),
            link: this.protocols.caseLink(caseId),
          },
          to: coordination.contactEmail,
          recipientKind: RecipientKind.INSTITUTION,
          recipientInstitutionId: coordination.id,
          referralId: caseId,
        },
      ]);
      return { outcome: { escalated: true }, mails: ids };
    });
  }

  /** Marks measures done or moves their due date after a review (form handler). */
  async applyReview(
    m: EntityManager,
    measureId: string,
    result: string,
    newDueOn: string | null,
  ): Promise<void> {
    if (result === 'done') {
      await m.update(Measure, { id: measureId }, { status: MeasureStatus.DONE });
    } else if (newDueOn) {
      await m.update(Measure, { id: measureId }, { dueOn: newDueOn });
    }
  }

  private async jbaOf(m: EntityManager, caseId: string) {
    const referral = await m.findOneByOrFail(Referral, { id: caseId });
    const jba = await m.findOneByOrFail(Jba, { id: referral.jbaId });
    return { referral, jba };
  }

  private async step<T extends Record<string, unknown>>(
    caseId: string,
    step: FollowUpStepRef,
    kind: string,
    run: (m: EntityManager) => Promise<{ outcome: T; mails: string[] }>,
  ): Promise<T> {
    const dedupKey = `task:${step.taskId}:${kind}`;
    const result = await this.dataSource.transaction(async (m) => {
      const done = await m.findOneBy(ProtocolStep, { dedupKey });
      if (done) return { outcome: done.outcome as T, mails: [] as string[] };
      const r = await run(m);
      await m.insert(ProtocolStep, { dedupKey, referralId: caseId, outcome: r.outcome as never });
      return r;
    });
    await this.notifications.dispatch(result.mails);
    return result.outcome;
  }
}
