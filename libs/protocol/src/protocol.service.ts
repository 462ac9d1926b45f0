import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditAction, AuditService } from '@lotse/audit';
import {
  DomainException,
  FieldError,
  germanDate,
  flattenValidationErrors,
  httpConfig,
  HttpConfig,
} from '@lotse/common';
import { Conference, CONFERENCE_KIND_LABELS } from '@lotse/conference';
import { Principal } from '@lotse/identity';
import { Institution, Jba } from '@lotse/institution';
import { OFFER_KIND_LABELS, OfferKind, OfferService } from '@lotse/offer';
import { OutboxService } from '@lotse/outbox';
import {
  CASE_OUTCOME_LABELS,
  canSeeCase,
  CaseOutcome,
  Consent,
  Disclosure,
  FINAL_STATUSES,
  personalDataDisclosure,
  Referral,
  YoungPerson,
} from '@lotse/referral';
import { renderProtocolPdf, protocolFileName, ProtocolDocument } from './pdf/protocol-pdf';
import { mayWriteProtocol, protocolRecipients } from './protocol-access';
import {
  CaseFollowUpView,
  CorrectProtocolDto,
  DoubleSupportWarningView,
  DraftContentDto,
  ProtocolContentDto,
  ProtocolEditorView,
} from './protocol.dto';
import {
  DeliveryStatus,
  FOLLOW_UP_DECISION_LABELS,
  FollowUpDecisionRecord,
  Measure,
  MeasureReview,
  MeasureStatus,
  Protocol,
  ProtocolContent,
  ProtocolDelivery,
  ProtocolDownload,
  ProtocolState,
  ProtocolVersion,
  REVIEW_RESULT_LABELS,
} from './protocol.entity';

const EMPTY: ProtocolContent = { participants: [], situation: '', goals: [], measures: [] };

const MEASURE_STATUS_LABELS: Record<MeasureStatus, string> = {
  [MeasureStatus.OPEN]: 'offen',
  [MeasureStatus.DONE]: 'erledigt',
  [MeasureStatus.DROPPED]: 'entfallen',
};

export interface CaseContext {
  referral: Referral;
  person: YoungPerson;
  consents: Consent[];
  recipients: Set<string>;
}

/**
 * The protocol of a case conference: drafts, finalizing (version 1 and its PDF), corrections
 * (version 2 and later), what the case page shows, and the PDF download. Case data in the
 * protocol is shown only to institutions the consent names; the PDF only to those named for
 * protocol distribution.
 */
@Injectable()
export class ProtocolService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly offers: OfferService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    @Inject(httpConfig.KEY) private readonly http: HttpConfig,
  ) {}

  /** The editor for a protocol; 404 for users who may not see the case's data. */
  async editor(id: string, user: Principal): Promise<ProtocolEditorView> {
    const protocol = await this.dataSource.getRepository(Protocol).findOneBy({ id });
    if (!protocol) throw DomainException.notFound('Dieses Protokoll gibt es nicht.');
    const ctx = await this.caseContext(this.dataSource.manager, protocol.referralId);
    const disclosure = this.assertMayRead(user, ctx);
    const content = await this.currentContent(protocol);
    await this.auditRead(user, ctx.referral.id, disclosure, 'protocol-editor');
    const conference = await this.dataSource
      .getRepository(Conference)
      .findOneByOrFail({ id: protocol.conferenceId });
    const institutions = await this.dataSource
      .getRepository(Institution)
      .find({ where: { jbaId: ctx.referral.jbaId }, order: { name: 'ASC' } });
    const [task]: Array<{ id: string }> = await this.dataSource.query(
      `select id from user_task where case_id = $1 and element_id = 'Task_RecordProtocol' and state = 'open'
        order by created_at desc limit 1`,
      [protocol.referralId],
    );
    return {
      id: protocol.id,
      caseId: protocol.referralId,
      caseReference: ctx.referral.reference,
      conferenceStartsAt: conference.startsAt.toISOString(),
      conferencePlace: conference.place,
      state: protocol.state,
      currentVersion: protocol.currentVersion,
      content: content as ProtocolContentDto,
      draftSavedAt: protocol.draftSavedAt?.toISOString() ?? null,
      institutions: institutions.map((i) => ({
        id: i.id,
        name: i.name,
        receivesProtocol: ctx.recipients.has(i.id),
      })),
      kinds: Object.entries(OFFER_KIND_LABELS).map(([value, label]) => ({ value, label })),
      warnings: await this.doubleSupport(this.dataSource.manager, ctx, protocol.id, content),
      taskId: task?.id ?? null,
    };
  }

  /** Saves the draft (checked for types only); answers the double-support warnings. */
  async saveDraft(
    id: string,
    content: DraftContentDto,
    user: Principal,
  ): Promise<ProtocolEditorView> {
    await this.dataSource.transaction(async (m) => {
      const protocol = await this.lockProtocol(m, id);
      const ctx = await this.caseContext(m, protocol.referralId);
      this.assertMayWrite(user, ctx);
      if (protocol.state !== ProtocolState.DRAFT) {
        throw DomainException.conflict(
          'Das Protokoll ist abgeschlossen. Änderungen sind nur als Berichtigung möglich.',
        );
      }
      await m.update(
        Protocol,
        { id },
        { draft: normalise(content), draftSavedAt: new Date(), draftSavedBy: user.id },
      );
    });
    return this.editor(id, user);
  }

  /**
   * Finalizes the draft as version 1 (task *Protokoll erfassen* completed): checks it fully,
   * renders and stores the PDF, creates the measures. Runs in the completion transaction.
   */
  async finalize(m: EntityManager, protocolId: string, user: Principal): Promise<number> {
    const protocol = await this.lockProtocol(m, protocolId);
    const ctx = await this.caseContext(m, protocol.referralId);
    this.assertMayWrite(user, ctx);
    if (protocol.state === ProtocolState.FINAL) return protocol.currentVersion;
    const content = await this.checkComplete(m, ctx, protocol.draft ?? EMPTY, 'content');
    await this.writeVersion(m, protocol, ctx, content, user, null);
    return 1;
  }

  /** A correction of a finalized protocol: version n+1 with its reason, distributed again. */
  async correct(id: string, dto: CorrectProtocolDto, user: Principal): Promise<CaseFollowUpView> {
    const caseId = await this.dataSource.transaction(async (m) => {
      const protocol = await this.lockProtocol(m, id);
      const ctx = await this.caseContext(m, protocol.referralId);
      this.assertMayWrite(user, ctx);
      if (protocol.state !== ProtocolState.FINAL) {
        throw DomainException.conflict(
          'Das Protokoll ist noch ein Entwurf; berichtigt werden kann erst ein abgeschlossenes.',
        );
      }
      if (FINAL_STATUSES.has(ctx.referral.status)) {
        throw DomainException.conflict(
          'Der Fall ist abgeschlossen; das Protokoll bleibt, wie es ist.',
        );
      }
      const content = await this.checkComplete(m, ctx, normalise(dto.content), 'content');
      const version = await this.writeVersion(m, protocol, ctx, content, user, dto.reason.trim());
      await this.outbox.correlate(m, `protocol-corrected:${protocol.id}:${version}`, {
        messageName: 'protocol-corrected',
        businessKey: protocol.referralId,
        variables: {},
        timeToLiveMs: 7 * 24 * 3600_000,
      });
      return protocol.referralId;
    });
    return this.caseFollowUp(caseId, user);
  }

  /** Protocols, measures with their reviews, decisions and outcome of a case. */
  async caseFollowUp(caseId: string, user: Principal): Promise<CaseFollowUpView> {
    // (a case that does not exist is a 404 from caseContext; other errors stay errors)
    const ctx = await this.caseContext(this.dataSource.manager, caseId);
    if (!canSeeCase(user, ctx.referral, ctx.consents)) {
      throw DomainException.notFound('Diese Fallmeldung gibt es nicht.');
    }
    const disclosure = personalDataDisclosure(
      user.institutionId,
      ctx.referral,
      ctx.consents,
      ctx.person.birthDate,
    );
    const disclosed = disclosure.allowed;
    const caseOpen = !FINAL_STATUSES.has(ctx.referral.status);
    const mayWrite = caseOpen && mayWriteProtocol(user, ctx.referral, ctx.recipients);
    const mayDownload = ctx.recipients.has(user.institutionId);
    const protocols = await this.dataSource
      .getRepository(Protocol)
      .find({ where: { referralId: caseId }, order: { createdAt: 'ASC' } });
    const conferences = await this.dataSource
      .getRepository(Conference)
      .findBy({ id: In(protocols.map((p) => p.conferenceId)) });
    const versions = protocols.length
      ? await this.dataSource.getRepository(ProtocolVersion).find({
          where: { protocolId: In(protocols.map((p) => p.id)) },
          order: { version: 'ASC' },
        })
      : [];
    const deliveries = versions.length
      ? await this.dataSource.getRepository(ProtocolDelivery).find({
          where: { protocolVersionId: In(versions.map((v) => v.id)) },
          order: { recordedAt: 'ASC' },
        })
      : [];
    const downloads: Array<{ protocol_version_id: string; n: number }> = versions.length
      ? await this.dataSource.query(
          `select protocol_version_id, count(*)::int as n from protocol_download
            where protocol_version_id = any($1::uuid[]) group by protocol_version_id`,
          [versions.map((v) => v.id)],
        )
      : [];
    const institutions = new Map(
      (await this.dataSource.getRepository(Institution).findBy({ jbaId: ctx.referral.jbaId })).map(
        (i) => [i.id, i.name],
      ),
    );
    const measures = await this.dataSource
      .getRepository(Measure)
      .find({ where: { referralId: caseId }, order: { createdAt: 'ASC', position: 'ASC' } });
    const reviews = measures.length
      ? await this.dataSource.getRepository(MeasureReview).find({
          where: { measureId: In(measures.map((x) => x.id)) },
          order: { reviewedAt: 'ASC' },
        })
      : [];
    const offerNames = await this.offers.labelsOf(
      measures.map((x) => x.offerId).filter((x): x is string => !!x),
    );
    const decisions = await this.dataSource
      .getRepository(FollowUpDecisionRecord)
      .find({ where: { referralId: caseId }, order: { decidedAt: 'ASC' } });
    if (disclosed && measures.length) {
      await this.auditRead(user, ctx.referral.id, disclosure, 'case-follow-up');
    }
    return {
      protocols: protocols.map((p) => {
        const c = conferences.find((x) => x.id === p.conferenceId)!;
        return {
          id: p.id,
          conferenceId: p.conferenceId,
          conferenceStartsAt: c.startsAt.toISOString(),
          conferencePlace: c.place,
          state: p.state,
          stateLabel: p.state === ProtocolState.FINAL ? 'abgeschlossen' : 'Entwurf',
          currentVersion: p.currentVersion,
          correctable: mayWrite && p.state === ProtocolState.FINAL,
          versions: versions
            .filter((v) => v.protocolId === p.id)
            .map((v) => ({
              version: v.version,
              finalizedAt: v.finalizedAt.toISOString(),
              finalizedByName: v.finalizedByName,
              correctionReason: disclosed ? v.correctionReason : null,
              fileName: v.fileName,
              sha256: v.pdfSha256,
              downloadable: mayDownload,
              pdfHref: mayDownload ? `/api/v1/protocols/${p.id}/versions/${v.version}/pdf` : null,
              deliveries: deliveries
                .filter((d) => d.protocolVersionId === v.id)
                .map((d) => ({
                  institutionName: institutions.get(d.institutionId) ?? 'unbekannt',
                  status: d.status,
                  label:
                    d.status === DeliveryStatus.SENT
                      ? d.detail === 'attachment'
                        ? 'per E-Mail mit PDF-Anhang'
                        : 'per E-Mail mit Link'
                      : 'nicht versandt: keine Einwilligung',
                  at: d.recordedAt.toISOString(),
                })),
              downloads: downloads.find((d) => d.protocol_version_id === v.id)?.n ?? 0,
            })),
        };
      }),
      measures: disclosed
        ? measures.map((x) => ({
            id: x.id,
            title: x.title,
            kind: x.kind,
            kindLabel: OFFER_KIND_LABELS[x.kind as OfferKind] ?? x.kind,
            offerId: x.offerId,
            offerName: x.offerId ? (offerNames.get(x.offerId)?.name ?? null) : null,
            institutionId: x.institutionId,
            institutionName: institutions.get(x.institutionId) ?? 'unbekannt',
            contactName: x.contactName,
            startsOn: x.startsOn,
            dueOn: x.dueOn,
            status: x.status,
            statusLabel: MEASURE_STATUS_LABELS[x.status],
            reviews: reviews
              .filter((r) => r.measureId === x.id)
              .map((r) => ({
                result: r.result,
                resultLabel: REVIEW_RESULT_LABELS[r.result],
                newDueOn: r.newDueOn,
                note: r.note,
                escalated: r.escalated,
                reviewedByName: r.reviewedByName,
                reviewedAt: r.reviewedAt.toISOString(),
              })),
          }))
        : [],
      decisions: decisions.map((d) => ({
        decision: d.decision,
        decisionLabel: FOLLOW_UP_DECISION_LABELS[d.decision],
        outcomeLabel: d.outcome ? CASE_OUTCOME_LABELS[d.outcome as CaseOutcome] : null,
        note: disclosed ? d.note : null,
        decidedByName: d.decidedByName,
        decidedAt: d.decidedAt.toISOString(),
      })),
      outcomeLabel: ctx.referral.outcome ? CASE_OUTCOME_LABELS[ctx.referral.outcome] : null,
    };
  }

  /**
   * The PDF of a version, for the referrer and the institutions the consent names for protocol
   * distribution; 404 for everyone else. Each download is recorded and audited.
   */
  async pdf(
    protocolId: string,
    version: number,
    user: Principal,
  ): Promise<{ fileName: string; content: Buffer; sha256: string }> {
    const notFound = DomainException.notFound('Dieses Protokoll gibt es nicht.');
    const protocol = await this.dataSource.getRepository(Protocol).findOneBy({ id: protocolId });
    if (!protocol) throw notFound;
    const ctx = await this.caseContext(this.dataSource.manager, protocol.referralId);
    if (!ctx.recipients.has(user.institutionId) || user.jbaId !== ctx.referral.jbaId)
      throw notFound;
    const v = await this.dataSource
      .getRepository(ProtocolVersion)
      .createQueryBuilder('v')
      .addSelect('v.pdf')
      .where('v.protocol_id = :protocolId and v.version = :version', { protocolId, version })
      .getOne();
    if (!v) throw notFound;
    await this.dataSource.transaction(async (m) => {
      await m.insert(ProtocolDownload, {
        protocolVersionId: v.id,
        userId: user.id,
        institutionId: user.institutionId,
      });
      await this.audit.record(
        [
          {
            action: AuditAction.PROTOCOL_DOWNLOADED,
            actorUserId: user.id,
            recipientInstitutionId: user.institutionId,
            referralId: protocol.referralId,
            detail: { protocolId, version },
          },
        ],
        m,
      );
    });
    return { fileName: v.fileName, content: v.pdf, sha256: v.pdfSha256 };
  }

  /** Link for people (mails): the case page, where the PDF is downloaded after sign-in. */
  caseLink(caseId: string): string {
    return `${this.http.publicUrl}/faelle/${caseId}`;
  }

  /** A measure with its case and the name of the responsible institution (review tasks). */
  async measure(id: string) {
    const measure = await this.dataSource.getRepository(Measure).findOneBy({ id });
    if (!measure) return null;
    const ctx = await this.caseContext(this.dataSource.manager, measure.referralId);
    const institution = await this.dataSource
      .getRepository(Institution)
      .findOneBy({ id: measure.institutionId });
    return { measure, ctx, institutionName: institution?.name ?? '' };
  }

  // ---- internals ----

  async caseContext(m: EntityManager, caseId: string): Promise<CaseContext> {
    const referral = await m.findOneBy(Referral, { id: caseId });
    if (!referral) throw DomainException.notFound('Diese Fallmeldung gibt es nicht.');
    const person = await m.findOneByOrFail(YoungPerson, { id: referral.youngPersonId });
    const consents = await m.find(Consent, { where: { referralId: caseId } });
    return {
      referral,
      person,
      consents,
      recipients: protocolRecipients(referral, consents, person.birthDate),
    };
  }

  private assertMayRead(user: Principal, ctx: CaseContext): Disclosure {
    const d = personalDataDisclosure(
      user.institutionId,
      ctx.referral,
      ctx.consents,
      ctx.person.birthDate,
    );
    if (!d.allowed || user.jbaId !== ctx.referral.jbaId) {
      throw DomainException.notFound('Dieses Protokoll gibt es nicht.');
    }
    return d;
  }

  private assertMayWrite(user: Principal, ctx: CaseContext) {
    this.assertMayRead(user, ctx);
    if (!mayWriteProtocol(user, ctx.referral, ctx.recipients)) {
      throw DomainException.forbidden(
        'Das Protokoll schreibt die meldende Stelle; die Koordination kann es übernehmen.',
      );
    }
  }

  /** Every read of personal data is audited, a read on a consent with that consent. */
  private async auditRead(user: Principal, caseId: string, d: Disclosure, where: string) {
    if (d.allowed) {
      await this.audit.record([
        {
          action: AuditAction.PERSONAL_DATA_READ,
          actorUserId: user.id,
          recipientInstitutionId: user.institutionId,
          referralId: caseId,
          consentId: d.basis === 'consent' ? d.consentId : null,
          detail: { where, basis: d.basis },
        },
      ]);
    }
  }

  private async lockProtocol(m: EntityManager, id: string): Promise<Protocol> {
    const protocol = await m
      .getRepository(Protocol)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.id = :id', { id })
      .getOne();
    if (!protocol) throw DomainException.notFound('Dieses Protokoll gibt es nicht.');
    return protocol;
  }

  private async currentContent(protocol: Protocol): Promise<ProtocolContent> {
    if (protocol.state === ProtocolState.DRAFT) return protocol.draft ?? EMPTY;
    const v = await this.dataSource
      .getRepository(ProtocolVersion)
      .findOneByOrFail({ protocolId: protocol.id, version: protocol.currentVersion });
    return v.content;
  }

  /** Everything a finalized protocol needs; a 400 naming each missing or wrong field. */
  private async checkComplete(
    m: EntityManager,
    ctx: CaseContext,
    raw: ProtocolContent,
    prefix: string,
  ): Promise<ProtocolContent> {
    const dto = plainToInstance(ProtocolContentDto, raw);
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    const problems: FieldError[] = errors.length ? flattenValidationErrors(errors, prefix) : [];
    const add = (field: string, message: string) =>
      problems.push({ field: `${prefix}.${field}`, messages: [message] });
    const content = normalise(raw);
    const jbaInstitutions = new Set(
      (await m.find(Institution, { where: { jbaId: ctx.referral.jbaId } })).map((i) => i.id),
    );
    if (content.participants.length === 0)
      add('participants', 'Wer hat teilgenommen? Mindestens eine Institution.');
    content.participants.forEach((p, i) => {
      if (!jbaInstitutions.has(p.institutionId))
        add(
          `participants.${i}.institutionId`,
          'Diese Institution gehört nicht zur Jugendberufsagentur.',
        );
    });
    if (!content.situation.trim()) add('situation', 'Die Ausgangslage fehlt.');
    if (content.goals.filter((g) => g.trim()).length === 0)
      add('goals', 'Mindestens ein Ziel fehlt.');
    for (const [i, x] of content.measures.entries()) {
      if (x.institutionId && !jbaInstitutions.has(x.institutionId))
        add(
          `measures.${i}.institutionId`,
          'Diese Institution gehört nicht zur Jugendberufsagentur.',
        );
      else if (x.institutionId && !ctx.recipients.has(x.institutionId))
        // it would review the measure without seeing the case's data
        add(
          `measures.${i}.institutionId`,
          'Die Einwilligung nennt diese Stelle nicht; sie kann die Maßnahme nicht übernehmen.',
        );
      if (x.startsOn && x.dueOn && x.dueOn < x.startsOn)
        add(`measures.${i}.dueOn`, 'Die Fälligkeit liegt vor dem Beginn.');
      if (x.offerId) {
        const offer = await this.offers.findInJba(ctx.referral.jbaId, x.offerId);
        if (!offer) add(`measures.${i}.offerId`, 'Dieses Angebot gibt es nicht.');
        else x.kind = offer.kind;
      }
    }
    if (problems.length) throw DomainException.validation(problems);
    return content;
  }

  private async writeVersion(
    m: EntityManager,
    protocol: Protocol,
    ctx: CaseContext,
    content: ProtocolContent,
    user: Principal,
    correctionReason: string | null,
  ): Promise<number> {
    const version = protocol.currentVersion + 1;
    // measures: kept by id across versions, new ones created, removed ones dropped
    const existing = await m.find(Measure, { where: { protocolId: protocol.id } });
    const kept = new Set<string>();
    for (const [position, x] of content.measures.entries()) {
      const row = {
        title: x.title.trim(),
        kind: x.kind,
        offerId: x.offerId ?? null,
        institutionId: x.institutionId,
        contactName: x.contactName.trim(),
        startsOn: x.startsOn,
        dueOn: x.dueOn,
        position,
      };
      const current = x.id ? existing.find((e) => e.id === x.id) : undefined;
      if (current) {
        await m.update(Measure, { id: current.id }, row);
        kept.add(current.id);
      } else {
        const inserted = await m.insert(Measure, {
          ...row,
          referralId: protocol.referralId,
          protocolId: protocol.id,
          status: MeasureStatus.OPEN,
        });
        x.id = inserted.identifiers[0].id as string;
      }
    }
    const dropped = existing.filter((e) => !kept.has(e.id) && e.status === MeasureStatus.OPEN);
    if (dropped.length) {
      await m.update(
        Measure,
        { id: In(dropped.map((d) => d.id)) },
        { status: MeasureStatus.DROPPED },
      );
    }
    const finalizedAt = new Date();
    const doc = await this.document(m, ctx, protocol, content, {
      version,
      correctionReason,
      finalizedAt,
      finalizedBy: user.displayName,
    });
    const pdf = await renderProtocolPdf(doc);
    await m.insert(ProtocolVersion, {
      protocolId: protocol.id,
      version,
      content,
      correctionReason,
      finalizedAt,
      finalizedBy: user.id,
      finalizedByName: user.displayName,
      fileName: protocolFileName(doc),
      pdf,
      pdfSha256: createHash('sha256').update(pdf).digest('hex'),
    });
    await m.update(
      Protocol,
      { id: protocol.id },
      { state: ProtocolState.FINAL, currentVersion: version, draft: null },
    );
    return version;
  }

  private async document(
    m: EntityManager,
    ctx: CaseContext,
    protocol: Protocol,
    content: ProtocolContent,
    meta: {
      version: number;
      correctionReason: string | null;
      finalizedAt: Date;
      finalizedBy: string;
    },
  ): Promise<ProtocolDocument> {
    const jba = await m.findOneByOrFail(Jba, { id: ctx.referral.jbaId });
    const conference = await m.findOneByOrFail(Conference, { id: protocol.conferenceId });
    const names = new Map(
      (await m.find(Institution, { where: { jbaId: jba.id } })).map((i) => [i.id, i.name]),
    );
    const offerNames = await this.offers.labelsOf(
      content.measures.map((x) => x.offerId).filter((x): x is string => !!x),
    );
    const recipients = [...ctx.recipients].map((id) => names.get(id)).filter(Boolean);
    return {
      jbaName: jba.name,
      logoText: jba.name.replace(/^Jugendberufsagentur\b/, 'JBA'),
      caseReference: ctx.referral.reference,
      conference: {
        startsAt: conference.startsAt.toISOString(),
        place: conference.place,
        kindLabel: CONFERENCE_KIND_LABELS[conference.kind],
      },
      version: meta.version,
      correctionReason: meta.correctionReason,
      finalizedAt: meta.finalizedAt.toISOString(),
      finalizedBy: meta.finalizedBy,
      youngPerson: {
        name: `${ctx.person.firstName} ${ctx.person.lastName}`,
        birthDate: ctx.person.birthDate,
      },
      participants: content.participants.map((p) => ({
        institution: names.get(p.institutionId) ?? 'unbekannt',
        person: p.person ?? null,
        receivesCaseData: ctx.recipients.has(p.institutionId),
      })),
      situation: content.situation,
      goals: content.goals,
      measures: content.measures.map((x) => ({
        title: x.title,
        institution: names.get(x.institutionId) ?? 'unbekannt',
        contact: x.contactName,
        startsOn: x.startsOn,
        dueOn: x.dueOn,
        offer: x.offerId ? (offerNames.get(x.offerId)?.name ?? null) : null,
      })),
      youngPersonView: content.youngPersonView ?? null,
      youngPersonAgreed: content.youngPersonAgreed ?? null,
      distributionNote: `Verteilt an die in der Einwilligung genannten Stellen: ${recipients.join(', ')}.`,
    };
  }

  /**
   * *Doppelförderung*: measures of the protocol that overlap in time with an open measure of
   * the same kind for the same young person (same name and birth date in the JBA), in any case.
   */
  async doubleSupport(
    m: EntityManager,
    ctx: CaseContext,
    protocolId: string,
    content: ProtocolContent,
  ): Promise<DoubleSupportWarningView[]> {
    const candidates = content.measures
      .map((x, i) => ({ ...x, i }))
      .filter((x) => x.kind && isDate(x.startsOn) && isDate(x.dueOn) && x.startsOn <= x.dueOn);
    if (!candidates.length) return [];
    const rows: Array<{
      kind: string;
      starts_on: string;
      due_on: string;
      institution_name: string;
    }> = await m.query(
      `select ms.kind, to_char(ms.starts_on, 'YYYY-MM-DD') as starts_on,
              to_char(ms.due_on, 'YYYY-MM-DD') as due_on, i.name as institution_name
         from measure ms
         join referral r on r.id = ms.referral_id
         join young_person y on y.id = r.young_person_id
         join institution i on i.id = ms.institution_id
        where r.jba_id = $1 and ms.status = 'open' and ms.protocol_id <> $2
          and lower(y.first_name) = lower($3) and lower(y.last_name) = lower($4)
          and y.birth_date = $5 and ms.kind = any($6::text[])`,
      [
        ctx.referral.jbaId,
        protocolId,
        ctx.person.firstName.trim(),
        ctx.person.lastName.trim(),
        ctx.person.birthDate,
        [...new Set(candidates.map((c) => c.kind))],
      ],
    );
    const warnings: DoubleSupportWarningView[] = [];
    for (const c of candidates) {
      for (const r of rows) {
        if (r.kind !== c.kind || r.starts_on > c.dueOn || r.due_on < c.startsOn) continue;
        const kindLabel = OFFER_KIND_LABELS[r.kind as OfferKind] ?? r.kind;
        warnings.push({
          measureIndex: c.i,
          institutionName: r.institution_name,
          kindLabel,
          startsOn: r.starts_on,
          dueOn: r.due_on,
          message:
            `Mögliche Doppelförderung: Der junge Mensch hat bereits eine Maßnahme der Art ` +
            `„${kindLabel}“ bei ${r.institution_name} (${germanDate(r.starts_on)} bis ${germanDate(r.due_on)}).`,
        });
      }
    }
    return warnings;
  }
}

function isDate(s: string | undefined): s is string {
  return !!s && /^\d{4}-\d{2}-\d{2}$/.test(s);
}

/** Trims texts and drops empty goals, so a saved draft reads as the author meant it. */
function normalise(c: DraftContentDto | ProtocolContentDto | ProtocolContent): ProtocolContent {
  return {
    participants: (c.participants ?? []).map((p) => ({
      institutionId: p.institutionId,
      person: p.person?.trim() || null,
    })),
    situation: (c.situation ?? '').trim(),
    goals: (c.goals ?? []).map((g) => g.trim()).filter(Boolean),
    measures: (c.measures ?? []).map((x) => ({
      id: x.id ?? null,
      title: (x.title ?? '').trim(),
      kind: x.kind ?? '',
      offerId: x.offerId ?? null,
      institutionId: x.institutionId ?? '',
      contactName: (x.contactName ?? '').trim(),
      startsOn: x.startsOn ?? '',
      dueOn: x.dueOn ?? '',
    })),
    youngPersonView: c.youngPersonView?.trim() || null,
    youngPersonAgreed: c.youngPersonAgreed ?? null,
  };
}
