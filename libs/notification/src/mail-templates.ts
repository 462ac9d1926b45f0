/**
 * German mail texts. Each template gets only the parameters it prints; whoever queues a mail
 * decides, by the consent, which personal data may go into those parameters.
 */

import { TASK_MAIL_TEMPLATE_LABELS, TASK_MAIL_TEMPLATES } from './task-notification-templates';

const signature =
  '\n\nMit freundlichen Grüßen\nIhre Jugendberufsagentur\n\n(Diese Nachricht wurde von Lotse erstellt.)';

interface Mail {
  subject: string;
  text: string;
}

export const MAIL_TEMPLATES = {
  'referral-ineligible': (p: { reference: string; reasons: string[]; link: string }): Mail => ({
    subject: `Fallmeldung ${p.reference}: nicht in der Zielgruppe`,
    text:
      `Guten Tag,\n\nIhre Fallmeldung ${p.reference} kann nicht in einer Fallkonferenz besprochen werden:\n` +
      p.reasons.map((r) => `- ${r}`).join('\n') +
      `\n\nDer Fall ist damit abgeschlossen. Einzelheiten: ${p.link}` +
      signature,
  }),
  'consent-reminder': (p: { reference: string; reason: string; link: string }): Mail => ({
    subject: `Erinnerung: Einwilligung für Fallmeldung ${p.reference} fehlt`,
    text:
      `Guten Tag,\n\nfür Ihre Fallmeldung ${p.reference} liegt noch keine gültige Schweigepflichtsentbindung vor ` +
      `(${p.reason}).\nBitte holen Sie die Einwilligung ein und erfassen Sie sie in Lotse: ${p.link}` +
      signature,
  }),
  'consent-deadline-passed': (p: { reference: string; link: string }): Mail => ({
    subject: `Fallmeldung ${p.reference} ohne Einwilligung beendet`,
    text:
      `Guten Tag,\n\nfür Ihre Fallmeldung ${p.reference} wurde innerhalb der Frist keine gültige ` +
      `Schweigepflichtsentbindung erfasst. Der Fall wurde daher ohne Fallkonferenz beendet.\n` +
      `Sie können den Fall jederzeit mit einer Einwilligung neu melden: ${p.link}` +
      signature,
  }),
  'call-for-referrals': (p: {
    jbaName: string;
    conferenceDate: string;
    conferenceTime: string;
    place: string;
    deadline: string;
    extraordinary: boolean;
    link: string;
  }): Mail => ({
    subject: `Aufforderung zur Fallmeldung: ${p.extraordinary ? 'außerordentliche ' : ''}Fallkonferenz am ${p.conferenceDate}`,
    text:
      `Guten Tag,\n\ndie ${p.extraordinary ? 'außerordentliche ' : 'nächste '}Fallkonferenz der ${p.jbaName} findet am ` +
      `${p.conferenceDate} um ${p.conferenceTime} Uhr statt (${p.place}).\n\n` +
      `Bitte melden Sie Fälle bis zum ${p.deadline}. Voraussetzung ist eine unterschriebene ` +
      `Schweigepflichtsentbindung. Fallmeldung: ${p.link}` +
      signature,
  }),
  'conference-invitation': (p: {
    jbaName: string;
    conferenceDate: string;
    conferenceTime: string;
    place: string;
    cases: string[];
    link: string;
    /** Not printed: the cases listed with personal data, re-checked when the mail is sent. */
    disclosedCaseIds?: string[];
  }): Mail => ({
    subject: `Einladung: Fallkonferenz am ${p.conferenceDate}, ${p.conferenceTime} Uhr`,
    text:
      `Guten Tag,\n\nwir laden Sie zur Fallkonferenz der ${p.jbaName} am ${p.conferenceDate} um ` +
      `${p.conferenceTime} Uhr ein (${p.place}).\n\nTagesordnung:\n` +
      p.cases.map((c, i) => `${i + 1}. ${c}`).join('\n') +
      `\n\nEinzelheiten: ${p.link}` +
      signature,
  }),
  'conference-invitation-young-person': (p: {
    jbaName: string;
    conferenceDate: string;
    conferenceTime: string;
    place: string;
    guardian: boolean;
  }): Mail => ({
    subject: `Einladung zu Ihrer Fallkonferenz am ${p.conferenceDate}`,
    text:
      `Guten Tag,\n\n${p.guardian ? 'Sie möchten als Erziehungsberechtigte an der Fallkonferenz teilnehmen' : 'Sie möchten an Ihrer Fallkonferenz teilnehmen'}. ` +
      `Sie findet am ${p.conferenceDate} um ${p.conferenceTime} Uhr statt (${p.place}).\n\n` +
      `Die Fachkräfte der ${p.jbaName} besprechen dort gemeinsam mit Ihnen, welche Unterstützung passt. ` +
      `Wenn Sie nicht kommen können, sagen Sie bitte der Stelle Bescheid, die Sie gemeldet hat.` +
      signature,
  }),
  'conference-rescheduled': (p: {
    jbaName: string;
    conferenceDate: string;
    conferenceTime: string;
    place: string;
  }): Mail => ({
    subject: `Terminänderung: Fallkonferenz jetzt am ${p.conferenceDate}, ${p.conferenceTime} Uhr`,
    text:
      `Guten Tag,\n\ndie Fallkonferenz der ${p.jbaName} wurde verlegt. Neuer Termin: ${p.conferenceDate} um ` +
      `${p.conferenceTime} Uhr (${p.place}).` +
      signature,
  }),
  'conference-cancelled': (p: {
    jbaName: string;
    conferenceDate: string;
    reason: string;
  }): Mail => ({
    subject: `Abgesagt: Fallkonferenz am ${p.conferenceDate}`,
    text:
      `Guten Tag,\n\ndie Fallkonferenz der ${p.jbaName} am ${p.conferenceDate} findet nicht statt.\n` +
      `Grund: ${p.reason}\n\nGemeldete Fälle warten auf den nächsten Termin; Sie müssen sie nicht neu melden.` +
      signature,
  }),
  'protocol-available': (p: {
    jbaName: string;
    reference: string;
    version: number;
    corrected: boolean;
    attached: boolean;
    link: string;
  }): Mail => ({
    subject: `${p.corrected ? 'Berichtigtes ' : ''}Protokoll zu Fall ${p.reference}`,
    text:
      `Guten Tag,\n\n${p.corrected ? `das Protokoll zu Fall ${p.reference} wurde berichtigt (Version ${p.version})` : `das Protokoll der Fallkonferenz zu Fall ${p.reference} liegt vor`}. ` +
      `Ihre Stelle ist in der Einwilligung als Empfängerin genannt.\n\n` +
      (p.attached
        ? `Das Protokoll liegt dieser Nachricht als PDF bei. Bitte legen Sie es nur in der Fallakte ab.\n`
        : `Aus Datenschutzgründen enthält diese Nachricht keine Falldaten. Nach der Anmeldung können Sie das Protokoll herunterladen:\n`) +
      `${p.link}` +
      signature.replace('Ihre Jugendberufsagentur', `Ihre ${p.jbaName}`),
  }),
  'review-overdue': (p: {
    reference: string;
    institution: string;
    dueOn: string;
    link: string;
  }): Mail => ({
    subject: `Überprüfung überfällig: Maßnahme zu Fall ${p.reference}`,
    text:
      `Guten Tag,\n\ndie Überprüfung einer Maßnahme zu Fall ${p.reference} (zuständig: ${p.institution}, ` +
      `fällig seit ${p.dueOn}) ist überfällig. Die Aufgabe liegt jetzt auch bei der Koordination:\n${p.link}` +
      signature,
  }),
  ...TASK_MAIL_TEMPLATES,
} as const;

export const MAIL_TEMPLATE_LABELS: Record<MailTemplateName, string> = {
  'referral-ineligible': 'Fallmeldung nicht in der Zielgruppe',
  'consent-reminder': 'Erinnerung an die Einwilligung',
  'consent-deadline-passed': 'Fallmeldung ohne Einwilligung beendet',
  'call-for-referrals': 'Aufforderung zur Fallmeldung',
  'conference-invitation': 'Einladung',
  'conference-invitation-young-person': 'Einladung (junger Mensch / Erziehungsberechtigte)',
  'conference-rescheduled': 'Terminänderung',
  'conference-cancelled': 'Absage',
  'protocol-available': 'Protokoll',
  'review-overdue': 'Überprüfung überfällig',
  ...TASK_MAIL_TEMPLATE_LABELS,
};

export type MailTemplateName = keyof typeof MAIL_TEMPLATES;
export type MailParams<N extends MailTemplateName> = Parameters<(typeof MAIL_TEMPLATES)[N]>[0];

export function renderMail(template: string, params: Record<string, unknown>): Mail {
  const fn = (MAIL_TEMPLATES as Record<string, (p: never) => Mail>)[template];
  if (!fn) throw new Error(`unknown mail template "${template}"`);
  return fn(params as never);
}
