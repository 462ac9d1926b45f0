/**
 * German mails about tasks to staff (issue 13). No personal data: a task is named by its name in
 * the model and the case's reference number only; the details are behind the link, after sign-in.
 */

/** One task as a mail lists it. */
export interface TaskMailLine {
  taskName: string;
  /** The case's reference number (Aktenzeichen), when the task belongs to a case. */
  reference: string | null;
  /** German date and time, e.g. `04.03.2027, 09:30 Uhr`. */
  dueOn: string | null;
  link: string;
}

interface Mail {
  subject: string;
  text: string;
}

const signature =
  '\n\nMit freundlichen Grüßen\nIhre Jugendberufsagentur\n\n(Diese Nachricht wurde von Lotse erstellt.)';

const privacyNote =
  'Aus Datenschutzgründen enthält diese Nachricht keine personenbezogenen Daten; ' +
  'die Einzelheiten sehen Sie nach der Anmeldung.';

const settingsLine = (settingsLink: string) =>
  `\n\nOb Sie diese Benachrichtigungen sofort, einmal täglich gesammelt oder gar nicht erhalten, ` +
  `stellen Sie in Lotse unter „Benachrichtigungen“ ein: ${settingsLink}`;

function describe(t: TaskMailLine, indent = ''): string {
  return [
    `${indent}Aufgabe: ${t.taskName}`,
    ...(t.reference ? [`${indent}Fall: ${t.reference}`] : []),
    `${indent}Fällig: ${t.dueOn ?? 'ohne Fälligkeit'}`,
    `${indent}Link: ${t.link}`,
  ].join('\n');
}

function section(title: string, items: TaskMailLine[]): string {
  if (items.length === 0) return '';
  return (
    `\n\n${title} (${items.length}):\n` + items.map((t) => `\n${describe(t, '  ')}`).join('\n')
  );
}

const suffix = (reference: string | null) => (reference ? ` (Fall ${reference})` : '');

export const TASK_MAIL_TEMPLATES = {
  'task-new': (p: TaskMailLine & { settingsLink: string }): Mail => ({
    subject: `Neue Aufgabe in Lotse: ${p.taskName}${suffix(p.reference)}`,
    text:
      `Guten Tag,\n\nfür Ihre Gruppe liegt eine neue Aufgabe in Lotse bereit:\n\n${describe(p)}\n\n` +
      `Bitte übernehmen Sie die Aufgabe in der Aufgabenliste, wenn Sie sie bearbeiten.\n${privacyNote}` +
      settingsLine(p.settingsLink) +
      signature,
  }),
  'task-assigned': (p: TaskMailLine & { settingsLink: string }): Mail => ({
    subject: `Aufgabe für Sie: ${p.taskName}${suffix(p.reference)}`,
    text:
      `Guten Tag,\n\nIhnen wurde in Lotse eine Aufgabe zugewiesen:\n\n${describe(p)}\n\n${privacyNote}` +
      settingsLine(p.settingsLink) +
      signature,
  }),
  'task-reminder': (p: {
    dueSoon: TaskMailLine[];
    overdue: TaskMailLine[];
    settingsLink: string;
  }): Mail => ({
    subject:
      p.overdue.length > 0
        ? `Erinnerung: ${p.overdue.length === 1 ? 'eine Aufgabe ist' : `${p.overdue.length} Aufgaben sind`} überfällig`
        : `Erinnerung: ${p.dueSoon.length === 1 ? 'eine Aufgabe ist' : `${p.dueSoon.length} Aufgaben sind`} bald fällig`,
    text:
      `Guten Tag,\n\nbitte denken Sie an diese Aufgaben in Lotse:` +
      section('Überfällig', p.overdue) +
      section('Bald fällig (innerhalb von 24 Stunden)', p.dueSoon) +
      `\n\n${privacyNote}` +
      settingsLine(p.settingsLink) +
      signature,
  }),
  'task-digest': (p: {
    date: string;
    newTasks: TaskMailLine[];
    assigned: TaskMailLine[];
    dueSoon: TaskMailLine[];
    overdue: TaskMailLine[];
    settingsLink: string;
  }): Mail => ({
    subject: `Ihre Aufgaben in Lotse: Tagesübersicht vom ${p.date}`,
    text:
      `Guten Tag,\n\nhier ist Ihre tägliche Übersicht der Aufgaben in Lotse:` +
      section('Ihnen zugewiesen', p.assigned) +
      section('Neu für Ihre Gruppe', p.newTasks) +
      section('Überfällig', p.overdue) +
      section('Bald fällig (innerhalb von 24 Stunden)', p.dueSoon) +
      `\n\n${privacyNote}` +
      settingsLine(p.settingsLink) +
      signature,
  }),
} as const;

export const TASK_MAIL_TEMPLATE_LABELS: Record<keyof typeof TASK_MAIL_TEMPLATES, string> = {
  'task-new': 'Neue Aufgabe',
  'task-assigned': 'Aufgabe zugewiesen',
  'task-reminder': 'Erinnerung an Aufgaben',
  'task-digest': 'Tagesübersicht der Aufgaben',
};
