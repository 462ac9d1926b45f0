import { MAIL_TEMPLATE_LABELS, renderMail } from '@lotse/notification';

const line = {
  taskName: 'Einwilligung einholen',
  reference: 'FM-2027-00042',
  dueOn: '10.03.2027, 09:30 Uhr',
  link: 'https://lotse.example/aufgaben/7f0c',
};
const settingsLink = 'https://lotse.example/benachrichtigungen';

describe('task mails', () => {
  it('name the task, the case reference, the due date, the link and the setting', () => {
    const mail = renderMail('task-new', { ...line, settingsLink });
    expect(mail.subject).toBe('Neue Aufgabe in Lotse: Einwilligung einholen (Fall FM-2027-00042)');
    for (const part of [line.taskName, line.reference, line.dueOn, line.link, settingsLink])
      expect(mail.text).toContain(part);
    expect(mail.text).toContain('keine personenbezogenen Daten');
    expect(renderMail('task-assigned', { ...line, settingsLink }).subject).toBe(
      'Aufgabe für Sie: Einwilligung einholen (Fall FM-2027-00042)',
    );
  });

  it('leave out the case for a task without one and say when there is no due date', () => {
    const mail = renderMail('task-new', {
      ...line,
      taskName: 'Fälle auswählen',
      reference: null,
      dueOn: null,
      settingsLink,
    });
    expect(mail.subject).toBe('Neue Aufgabe in Lotse: Fälle auswählen');
    expect(mail.text).not.toContain('Fall:');
    expect(mail.text).toContain('Fällig: ohne Fälligkeit');
  });

  it('list reminders and the digest by section, with counts', () => {
    const reminder = renderMail('task-reminder', {
      dueSoon: [line, line],
      overdue: [],
      settingsLink,
    });
    expect(reminder.subject).toBe('Erinnerung: 2 Aufgaben sind bald fällig');
    expect(reminder.text).toContain('Bald fällig (innerhalb von 24 Stunden) (2):');
    expect(reminder.text).not.toContain('Überfällig');
    const digest = renderMail('task-digest', {
      date: '10.03.2027',
      newTasks: [line],
      assigned: [],
      dueSoon: [],
      overdue: [line],
      settingsLink,
    });
    expect(digest.subject).toBe('Ihre Aufgaben in Lotse: Tagesübersicht vom 10.03.2027');
    expect(digest.text).toContain('Neu für Ihre Gruppe (1):');
    expect(digest.text).toContain('Überfällig (1):');
    expect(digest.text).not.toContain('Ihnen zugewiesen');
    expect(MAIL_TEMPLATE_LABELS['task-digest']).toBe('Tagesübersicht der Aufgaben');
  });
});
