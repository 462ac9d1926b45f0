/**
 * German mail texts. Each template gets only the parameters it prints; whoever queues a mail
 * decides, by the consent, which personal data may go into those parameters.
 */

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
} as const;

export type MailTemplateName = keyof typeof MAIL_TEMPLATES;
export type MailParams<N extends MailTemplateName> = Parameters<(typeof MAIL_TEMPLATES)[N]>[0];

export function renderMail(template: string, params: Record<string, unknown>): Mail {
  const fn = (MAIL_TEMPLATES as Record<string, (p: never) => Mail>)[template];
  if (!fn) throw new Error(`unknown mail template "${template}"`);
  return fn(params as never);
}
