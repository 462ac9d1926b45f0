import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import {
  MailConsentGuard,
  MailConsentVerdict,
  Notification,
  RecipientKind,
  WithheldCase,
} from '@lotse/notification';
import { Consent } from './consent/consent.entity';
import { evaluateConsents } from './consent/consent.rules';
import { personalDataDisclosure } from './referral-access';
import { Referral } from './referral.entity';
import { YoungPerson } from './young-person.entity';

/**
 * The cases a mail carries: its own case, and for a conference invitation to a partner the
 * cases whose data it lists (`params.disclosedCaseIds`, written when it was queued).
 */
function casesOf(n: Notification): string[] {
  const listed = (n.params as { disclosedCaseIds?: unknown }).disclosedCaseIds;
  const ids = Array.isArray(listed) ? listed.filter((x): x is string => typeof x === 'string') : [];
  return [...new Set([...(n.referralId ? [n.referralId] : []), ...ids])];
}

/**
 * Re-checks at send time, with the same rules as every read (`personalDataDisclosure`,
 * `evaluateConsents`), whether a queued mail may still go out: a mail to an institution needs a
 * valid consent naming it (the referring institution always may), a mail to the young person or
 * guardian a valid consent of the case.
 */
@Injectable()
export class ReferralMailConsentGuard implements MailConsentGuard {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async check(n: Notification): Promise<MailConsentVerdict> {
    const ids = casesOf(n);
    if (ids.length === 0) return { allowed: true };
    const referrals = await this.dataSource
      .getRepository(Referral)
      .find({ where: { id: In(ids) } });
    const persons = await this.dataSource
      .getRepository(YoungPerson)
      .find({ where: { id: In(referrals.map((r) => r.youngPersonId)) } });
    const consents = await this.dataSource
      .getRepository(Consent)
      .find({ where: { referralId: In(ids) }, order: { recordedAt: 'ASC' } });
    const personById = new Map(persons.map((p) => [p.id, p]));
    const withheld: WithheldCase[] = [];
    for (const r of referrals) {
      const person = personById.get(r.youngPersonId);
      if (!person) continue;
      const own = consents.filter((c) => c.referralId === r.id);
      const latestFirst = [...own].reverse();
      if (n.recipientKind === RecipientKind.INSTITUTION) {
        const inst = n.recipientInstitutionId;
        if (!inst || inst === r.referringInstitutionId) continue;
        if (personalDataDisclosure(inst, r, own, person.birthDate).allowed) continue;
        const naming = latestFirst.find((c) => c.recipients.includes(inst)) ?? null;
        withheld.push({
          referralId: r.id,
          consentId: naming?.id ?? null,
          reason: !naming ? 'not-named' : naming.revokedAt ? 'revoked' : 'invalid',
        });
      } else {
        const verdict = evaluateConsents(latestFirst, {
          birthDate: person.birthDate,
          referredOn: r.referredOn,
        });
        if (verdict.valid) continue;
        const latest = latestFirst[0] ?? null;
        withheld.push({
          referralId: r.id,
          consentId: latest?.id ?? null,
          reason: latest?.revokedAt ? 'revoked' : 'invalid',
        });
      }
    }
    return withheld.length === 0 ? { allowed: true } : { allowed: false, cases: withheld };
  }
}
