import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { OutboxService } from '@lotse/outbox';
import { ReasonCode } from '../reasons';
import { ReferralEvent, ReferralEventType } from '../referral-event.entity';
import { ReferralStatus } from '../referral-status';
import { Consent } from './consent.entity';
import { ConsentGrantor } from './consent-purpose';
import { AGE_OF_MAJORITY, evaluateConsent, evaluateConsents } from './consent.rules';

/** The message the case process takes as "the guardian's consent ended with majority". */
export const GUARDIAN_CONSENT_ENDED_MESSAGE = 'guardian-consent-ended';

/** Cases whose process runs and whose consent still matters. */
const OPEN_STATUSES = [
  ReferralStatus.AWAITING_CONFERENCE,
  ReferralStatus.SCHEDULED,
  ReferralStatus.DISCUSSED,
  ReferralStatus.FOLLOW_UP,
];

/** The day before the 18th birthday (ISO date): the last day a guardian's consent counts. */
export function lastDayAsMinor(birthDate: string): string {
  const y = Number(birthDate.slice(0, 4)) + AGE_OF_MAJORITY;
  const birthday = new Date(
    Date.UTC(y, Number(birthDate.slice(5, 7)) - 1, Number(birthDate.slice(8, 10))),
  );
  // 29 February: the birthday falls on 1 March in common years (Date.UTC rolls over).
  return new Date(birthday.getTime() - 86_400_000).toISOString().slice(0, 10);
}

/**
 * The daily review (`bpmn/guardian-consent-review.bpmn`): a running case that rested on a
 * guardian's consent and whose young person has turned 18 has no valid consent any more; its
 * process receives `guardian-consent-ended` once (the referrer gets a task), and the case's
 * history says so. Idempotent: the event's dedup key is per case and consent.
 */
@Injectable()
export class MajorityReviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  /** Returns the ids of the cases told in this run. */
  async review(asOf: string): Promise<string[]> {
    const candidates: Array<{ id: string; referred_on: string; birth_date: string }> =
      await this.dataSource.query(
        `select r.id, to_char(r.referred_on, 'YYYY-MM-DD') as referred_on,
                to_char(p.birth_date, 'YYYY-MM-DD') as birth_date
           from referral r join young_person p on p.id = r.young_person_id
          where r.status = any($1)
            and p.birth_date <= ($2::date - interval '${AGE_OF_MAJORITY} years')
            and exists (select 1 from consent c where c.referral_id = r.id
                         and c.granted_by = $3 and c.revoked_at is null)`,
        [OPEN_STATUSES, asOf, ConsentGrantor.GUARDIAN],
      );
    if (candidates.length === 0) return [];
    const consents = await this.dataSource.getRepository(Consent).find({
      where: { referralId: In(candidates.map((c) => c.id)) },
      order: { recordedAt: 'DESC' },
    });
    const told: string[] = [];
    for (const r of candidates) {
      const own = consents.filter((c) => c.referralId === r.id);
      const subject = { birthDate: r.birth_date, referredOn: r.referred_on };
      if (evaluateConsents(own, { ...subject, asOf }).valid) continue;
      const ended = own.find(
        (c) =>
          c.grantedBy === ConsentGrantor.GUARDIAN &&
          evaluateConsent(c, { ...subject, asOf: lastDayAsMinor(r.birth_date) }).valid,
      );
      if (!ended) continue;
      const first = await this.dataSource.transaction(async (m) => {
        const inserted = await m
          .createQueryBuilder()
          .insert()
          .into(ReferralEvent)
          .values({
            referralId: r.id,
            type: ReferralEventType.GUARDIAN_CONSENT_ENDED,
            reasonCode: ReasonCode.GUARDIAN_CONSENT_ENDED_AT_MAJORITY,
            detail: { consentId: ended.id, asOf },
            dedupKey: `guardian-consent-ended:${ended.id}`,
          })
          .orIgnore()
          .execute();
        if ((inserted.raw as unknown[]).length === 0) return false;
        await this.outbox.correlate(m, `${GUARDIAN_CONSENT_ENDED_MESSAGE}:${ended.id}`, {
          messageName: GUARDIAN_CONSENT_ENDED_MESSAGE,
          businessKey: r.id,
          timeToLiveMs: 10 * 60 * 1000,
          variables: {},
        });
        return true;
      });
      if (first) told.push(r.id);
    }
    return told;
  }
}
