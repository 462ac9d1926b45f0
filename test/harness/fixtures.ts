import { createHash, randomUUID } from 'node:crypto';
import { isoDateIn } from '@lotse/common';
import { DEMO_INSTITUTIONS } from '@lotse/institution';

/**
 * Dates relative to today, `YYYY-MM-DD`, as Lotse counts days: in Europe/Berlin (between 23:00
 * and midnight UTC in winter, Berlin is a day ahead of UTC).
 */
export function isoDaysAgo(days: number, from = new Date()): string {
  return isoDateIn(new Date(from.getTime() - days * 24 * 3600 * 1000));
}

/** A birth date that makes someone `years` old today (and not a birthday today). */
export function birthDateForAge(years: number, extraDays = 30): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() - extraDays);
  return d.toISOString().slice(0, 10);
}

export const documentHash = (seed = randomUUID()) =>
  createHash('sha256').update(seed).digest('hex');

export const I = DEMO_INSTITUTIONS;

/** A valid consent, signed by the young person a week before the referral. */
export function adultConsent(overrides: Record<string, unknown> = {}) {
  return {
    grantedBy: 'self',
    signedOn: isoDaysAgo(7),
    recipients: [I.JC.id, I.JA.id, I.AA.id],
    purposes: ['case-conference', 'information-exchange'],
    documentHash: documentHash(),
    ...overrides,
  };
}

/** A referral of an adult living in Eschweiler, from the job centre, with a valid consent. */
export function referral(
  overrides: Record<string, unknown> = {},
  person: Record<string, unknown> = {},
) {
  return {
    referringInstitutionId: I.JC.id,
    referredOn: isoDaysAgo(0),
    shortDescription:
      'Ausbildung abgebrochen, Schulden, braucht Unterstützung bei der Wohnungssuche.',
    youngPerson: {
      firstName: 'Lena',
      lastName: `Muster-${randomUUID().slice(0, 8)}`,
      birthDate: birthDateForAge(20),
      municipality: 'Eschweiler',
      postalCode: '52249',
      ...person,
    },
    consent: adultConsent(),
    ...overrides,
  };
}

/** A referral in a test JBA (its town), from its job centre, with a valid consent naming `recipients`. */
export function referralIn(
  jba: { municipality: string; inst: { JC: { id: string } } },
  recipients: string[],
  overrides: Record<string, unknown> = {},
  person: Record<string, unknown> = {},
) {
  return referral(
    {
      referringInstitutionId: jba.inst.JC.id,
      consent: adultConsent({ recipients, signedOn: isoDaysAgo(30) }),
      ...overrides,
    },
    { municipality: jba.municipality, ...person },
  );
}

/** An extraordinary conference date in `year` (far enough ahead that no timer fires in a test). */
export function extraordinaryConference(year: number) {
  return {
    kind: 'extraordinary',
    startsAt: new Date(Date.UTC(year, 2, 12, 8)).toISOString(),
    durationMinutes: 90,
    place: 'Rathaus, Sitzungssaal 2',
    capacity: 4,
    referralDeadline: new Date(Date.UTC(year, 2, 1, 12)).toISOString(),
  };
}
