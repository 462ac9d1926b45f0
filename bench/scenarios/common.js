// @ts-check
'use strict';
/** Referral bodies as the e2e fixtures build them (test/harness/fixtures.ts), for the bench JBA. */
const { createHash } = require('node:crypto');

/** @param {number} days */
const isoDaysAgo = (days) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** @param {number} years */
function birthDateForAge(years) {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() - 30);
  return d.toISOString().slice(0, 10);
}

/**
 * `reminderCycle` of libs/common (time/dates.ts) for the days-and-hours durations the settings
 * allow: the reminders before the deadline, e.g. P14D within P56D → R3/P14D.
 * @param {string} interval @param {string} deadline
 */
function reminderCycle(interval, deadline) {
  const ms = (/** @type {string} */ iso) => {
    const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso);
    if (!m) throw new Error(`unsupported duration ${iso}`);
    const [, w = '0', d = '0', h = '0', min = '0'] = m;
    return ((Number(w) * 7 + Number(d)) * 24 * 60 + Number(h) * 60 + Number(min)) * 60_000;
  };
  return `R${Math.max(1, Math.ceil(ms(deadline) / ms(interval)) - 1)}/${interval}`;
}

/**
 * The demo JBA as seeded: its municipality, settings and institutions.
 * @param {import('pg').Pool} db
 */
async function demoJba(db) {
  const { rows: users } = await db.query(
    `select u.institution_id, i.jba_id from staff_user u join institution i on i.id = u.institution_id
      where u.username = 'jc.sachbearbeitung'`,
  );
  if (!users.length) throw new Error('demo user jc.sachbearbeitung missing (seed failed?)');
  const jbaId = users[0].jba_id;
  const { rows: jba } = await db.query(`select * from jba where id = $1`, [jbaId]);
  const { rows: inst } = await db.query(
    `select id from institution where jba_id = $1 order by id`,
    [jbaId],
  );
  return {
    jbaId,
    municipality: String(jba[0].municipality),
    consentReminderInterval: String(jba[0].consent_reminder_interval),
    consentDeadline: String(jba[0].consent_deadline),
    // as ReferralService.submit computes it (libs/common, reminderCycle)
    consentReminderCycle: reminderCycle(
      String(jba[0].consent_reminder_interval),
      String(jba[0].consent_deadline),
    ),
    referrerId: String(users[0].institution_id),
    institutionIds: inst.map((r) => String(r.id)),
  };
}

/**
 * A referral of an adult living in the JBA's town, with a valid consent (→ awaiting conference).
 * @param {Awaited<ReturnType<typeof demoJba>>} jba
 * @param {string} tag
 */
function validReferral(jba, tag) {
  return {
    referringInstitutionId: jba.referrerId,
    referredOn: isoDaysAgo(0),
    shortDescription:
      'Ausbildung abgebrochen, Schulden, braucht Unterstützung bei der Wohnungssuche. (Benchmark)',
    youngPerson: {
      firstName: 'Lena',
      lastName: `Bench-${tag}`,
      birthDate: birthDateForAge(20),
      municipality: jba.municipality,
      postalCode: '52249',
    },
    consent: {
      grantedBy: 'self',
      signedOn: isoDaysAgo(7),
      recipients: jba.institutionIds.slice(0, 3),
      purposes: ['case-conference', 'information-exchange'],
      documentHash: createHash('sha256').update(tag).digest('hex'),
    },
  };
}

module.exports = { demoJba, validReferral, isoDaysAgo };
