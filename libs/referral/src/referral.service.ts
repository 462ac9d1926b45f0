import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { DomainException, ErrorCode, httpConfig, HttpConfig, todayIso } from '@lotse/common';
import { Institution, InstitutionService, InstitutionView } from '@lotse/institution';
import { OutboxService } from '@lotse/outbox';
import { TaskProjectionService } from '@lotse/task';
import { Consent } from './consent/consent.entity';
import { evaluateConsent } from './consent/consent.rules';
import { reason } from './reasons';
import { ReferralEvent, ReferralEventType } from './referral-event.entity';
import { REFERRAL_STATUS_LABELS, ReferralStatus, FINAL_STATUSES } from './referral-status';
import { ConsentDto, SubmitReferralDto } from './referral.dto';
import { Referral } from './referral.entity';
import { ConsentView, HistoryEntryView, ReferralView } from './referral.views';
import { YoungPerson } from './young-person.entity';

/** Message names the case-referral process listens for. */
export const MESSAGES = {
  REFERRAL_RECEIVED: 'referral-received',
  CONSENT_PROVIDED: 'consent-provided',
} as const;

/** How long Zeebe keeps a published message for a process that is not yet waiting for it. */
const MESSAGE_TTL_MS = 10 * 60 * 1000;
/** Start messages are kept an hour so that a relay retry cannot start a second instance. */
const START_MESSAGE_TTL_MS = 60 * 60 * 1000;

const PG_UNIQUE_VIOLATION = '23505';

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
    @Inject(httpConfig.KEY) private readonly http: HttpConfig,
  ) {}

  /**
   * Accepts a referral: young person, referral, optional consent and the command that starts
   * its process, in one transaction. With an idempotency key a repeated request returns the
   * first referral; the same key with another body is refused.
   */
  async submit(dto: SubmitReferralDto, idempotencyKey?: string): Promise<SubmitResult> {
    const hash = requestHash(dto);
    if (idempotencyKey) {
      const existing = await this.findByIdempotencyKey(idempotencyKey, hash);
      if (existing) return { referral: existing, created: false };
    }
    const referrer = await this.institutions.findById(dto.referringInstitutionId);
    if (!referrer || !referrer.jba) {
      throw DomainException.invalidField(
        'referringInstitutionId',
        'Diese Institution ist nicht bekannt.',
      );
    }
    if (dto.consent)
      await this.assertRecipientsKnown(dto.consent.recipients, referrer, 'consent.recipients');
    const jba = referrer.jba;
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
            idempotencyKey: idempotencyKey ?? null,
            requestHash: idempotencyKey ? hash : null,
          }),
        );
        await m.insert(ReferralEvent, {
          referralId: referral.id,
          type: ReferralEventType.RECEIVED,
          status: ReferralStatus.RECEIVED,
          detail: { referringInstitutionId: referrer.id },
        });
        if (dto.consent) await this.insertConsent(m, referral.id, dto.consent, null);
        await this.outbox.enqueue(m, `${MESSAGES.REFERRAL_RECEIVED}:${referral.id}`, {
          type: 'publish-message',
          name: MESSAGES.REFERRAL_RECEIVED,
          correlationKey: referral.id,
          messageId: `${MESSAGES.REFERRAL_RECEIVED}:${referral.id}`,
          timeToLiveMs: START_MESSAGE_TTL_MS,
          // Ids and settings only: personal data stays in Postgres, not in the engine.
          variables: {
            caseId: referral.id,
            jbaId: jba.id,
            referringInstitutionId: referrer.id,
            consentReminderInterval: jba.consentReminderInterval,
            consentDeadline: jba.consentDeadline,
          },
        });
        return referral;
      });
      return { referral, created: true };
    } catch (e) {
      if (idempotencyKey && isUniqueViolation(e)) {
        const existing = await this.findByIdempotencyKey(idempotencyKey, hash);
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
    idempotencyKey?: string,
  ): Promise<ConsentView> {
    const referral = await this.dataSource.getRepository(Referral).findOne({
      where: { id: referralId },
      relations: { referringInstitution: true, youngPerson: true },
    });
    if (!referral) throw DomainException.notFound('Diese Fallmeldung gibt es nicht.');
    if (FINAL_STATUSES.has(referral.status)) {
      throw DomainException.conflict(
        `Der Fall ist abgeschlossen (${REFERRAL_STATUS_LABELS[referral.status]}); bitte melden Sie ihn neu.`,
      );
    }
    await this.assertRecipientsKnown(dto.recipients, referral.referringInstitution!, 'recipients');
    const dedupKey = idempotencyKey ? `consent:${referralId}:${idempotencyKey}` : null;
    const consent = await this.dataSource.transaction(async (m) => {
      if (dedupKey) {
        const existing = await m.findOneBy(Consent, { dedupKey });
        if (existing) return existing;
      }
      const consent = await this.insertConsent(m, referralId, dto, dedupKey);
      await this.outbox.enqueue(m, `${MESSAGES.CONSENT_PROVIDED}:${consent.id}`, {
        type: 'publish-message',
        name: MESSAGES.CONSENT_PROVIDED,
        correlationKey: referralId,
        messageId: `${MESSAGES.CONSENT_PROVIDED}:${consent.id}`,
        timeToLiveMs: MESSAGE_TTL_MS,
        variables: {},
      });
      return consent;
    });
    return this.consentView(consent, referral);
  }

  async get(id: string): Promise<ReferralView> {
    const referral = await this.dataSource.getRepository(Referral).findOne({
      where: { id },
      relations: { youngPerson: true, referringInstitution: true },
    });
    if (!referral) throw DomainException.notFound('Diese Fallmeldung gibt es nicht.');
    const [consents, events, openTasks] = await Promise.all([
      this.dataSource
        .getRepository(Consent)
        .find({ where: { referralId: id }, order: { recordedAt: 'ASC' } }),
      this.dataSource
        .getRepository(ReferralEvent)
        .find({ where: { referralId: id }, order: { occurredAt: 'ASC', id: 'ASC' } }),
      this.tasks.openTasksOfCase(id),
    ]);
    const p = referral.youngPerson!;
    return {
      id: referral.id,
      reference: referral.reference,
      status: referral.status,
      statusLabel: REFERRAL_STATUS_LABELS[referral.status] ?? referral.status,
      statusReason: referral.statusReason ? reason(referral.statusReason) : null,
      referredOn: referral.referredOn,
      shortDescription: referral.shortDescription,
      youngPersonAttends: referral.youngPersonAttends,
      guardianAttends: referral.guardianAttends,
      youngPerson: {
        firstName: p.firstName,
        lastName: p.lastName,
        birthDate: p.birthDate,
        municipality: p.municipality,
        postalCode: p.postalCode,
        email: p.email,
        phone: p.phone,
        guardianName: p.guardianName,
        guardianEmail: p.guardianEmail,
      },
      referringInstitution: InstitutionView.of(referral.referringInstitution!),
      processInstanceKey: referral.processInstanceKey,
      consents: consents.map((c) => this.consentView(c, referral)),
      openTasks: openTasks.map((t) => ({
        id: t.id,
        name: t.name,
        elementId: t.elementId,
        dueAt: t.dueAt ? t.dueAt.toISOString() : null,
      })),
      history: events.map(HistoryEntryView.of),
      createdAt: referral.createdAt.toISOString(),
      updatedAt: referral.updatedAt.toISOString(),
    };
  }

  href(id: string): string {
    return `/api/v1/referrals/${id}`;
  }

  /** Link for people (mails): the case page of the web UI. */
  caseLink(id: string): string {
    return `${this.http.publicUrl}/faelle/${id}`;
  }

  private consentView(c: Consent, referral: Referral): ConsentView {
    const verdict = evaluateConsent(c, {
      birthDate: referral.youngPerson!.birthDate,
      referredOn: referral.referredOn,
    });
    return {
      id: c.id,
      grantedBy: c.grantedBy,
      signedOn: c.signedOn,
      capacityConfirmed: c.capacityConfirmed,
      guardianInformed: c.guardianInformed,
      recipients: c.recipients,
      purposes: c.purposes,
      documentHash: c.documentHash,
      revokedAt: c.revokedAt ? c.revokedAt.toISOString() : null,
      recordedAt: c.recordedAt.toISOString(),
      valid: verdict.valid,
      invalidReason: verdict.valid ? null : reason(verdict.reason),
    };
  }

  private async insertConsent(
    m: EntityManager,
    referralId: string,
    dto: ConsentDto,
    dedupKey: string | null,
  ) {
    const consent = await m.save(
      m.create(Consent, {
        referralId,
        grantedBy: dto.grantedBy,
        signedOn: dto.signedOn,
        capacityConfirmed: dto.capacityConfirmed ?? false,
        guardianInformed: dto.guardianInformed ?? false,
        recipients: dto.recipients,
        purposes: dto.purposes,
        documentHash: dto.documentHash.toLowerCase(),
        revokedAt: null,
        dedupKey,
      }),
    );
    await m.insert(ReferralEvent, {
      referralId,
      type: ReferralEventType.CONSENT_RECORDED,
      detail: { consentId: consent.id },
    });
    return consent;
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

function isUniqueViolation(e: unknown): boolean {
  return (
    e instanceof QueryFailedError &&
    (e as QueryFailedError & { code?: string }).code === PG_UNIQUE_VIOLATION
  );
}
