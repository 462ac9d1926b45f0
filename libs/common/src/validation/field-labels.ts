/**
 * The German label of each field of the API, as the forms name it. A message a user reads names
 * the field by its label ("Vorname darf nicht leer sein"); the path stays in `errors[].field`.
 * Keyed by the last segment of the path (`youngPerson.firstName` → `firstName`); list indexes
 * are ignored (`measures[0].title` → `title`).
 */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  activeFrom: 'Gültig ab',
  activeTo: 'Gültig bis',
  ageLimit: 'Altersgrenze',
  assignee: 'Zuständig',
  birthDate: 'Geburtsdatum',
  callForReferralsLeadTime: 'Vorlauf des Aufrufs zur Fallmeldung',
  capacity: 'Anzahl der Fälle',
  capacityConfirmed: 'Einsichtsfähigkeit bestätigt',
  caseId: 'Fall',
  conferenceId: 'Fallkonferenz',
  consent: 'Einwilligung',
  consentDeadline: 'Frist für die Einwilligung',
  consentReminderInterval: 'Erinnerung an die Einwilligung',
  contactEmail: 'E-Mail der Ansprechperson',
  contactName: 'Ansprechperson',
  contactPhone: 'Telefon der Ansprechperson',
  content: 'Inhalt',
  coordinatingInstitution: 'Koordinierende Institution',
  currentPassword: 'Bisheriges Passwort',
  decision: 'Entscheidung',
  declaredOn: 'Widerruf erklärt am',
  description: 'Beschreibung',
  displayName: 'Name',
  documentHash: 'Prüfsumme des unterschriebenen Dokuments',
  due: 'Fälligkeit',
  dueOn: 'Fällig am',
  durationMinutes: 'Dauer in Minuten',
  email: 'E-Mail',
  filter: 'Ansicht',
  firstName: 'Vorname',
  followUpEscalationDelay: 'Frist bis zur Eskalation einer Überprüfung',
  format: 'Format',
  from: 'Von',
  goals: 'Ziele',
  grantedBy: 'Unterschrieben von',
  guardian: 'Erziehungsberechtigte',
  guardianAttends: 'Erziehungsberechtigte nehmen teil',
  guardianInformed: 'Erziehungsberechtigte informiert',
  guardianName: 'Name der oder des Erziehungsberechtigten',
  guardianNames: 'Namen der Erziehungsberechtigten',
  institutionId: 'Institution',
  jointCustody: 'Gemeinsames Sorgerecht',
  kind: 'Art',
  lastName: 'Nachname',
  legalBasis: 'Rechtsgrundlage',
  maxReferralBackdatingDays: 'Höchstens rückwirkende Tage einer Fallmeldung',
  measures: 'Maßnahmen',
  minorsMayConsentAlone: 'Minderjährige dürfen allein einwilligen',
  municipality: 'Wohnort',
  federalState: 'Bundesland',
  name: 'Name',
  newDueOn: 'Neues Fälligkeitsdatum',
  newPassword: 'Neues Passwort',
  note: 'Notiz',
  offerId: 'Angebot',
  order: 'Richtung',
  outcome: 'Ergebnis',
  page: 'Seite',
  paperOnlyReason: 'Grund ohne Scan',
  pageSize: 'Einträge je Seite',
  participants: 'Teilnehmende',
  password: 'Passwort',
  phone: 'Telefon',
  place: 'Ort',
  postalCode: 'Postleitzahl',
  process: 'Prozess',
  purposes: 'Zwecke',
  q: 'Suche',
  query: 'Filter',
  reason: 'Grund',
  recipients: 'Empfänger',
  referralDeadline: 'Meldeschluss',
  referralId: 'Fall',
  referredOn: 'Datum der Fallmeldung',
  reference: 'Aktenzeichen',
  retentionAfterRevocation: 'Löschfrist: nach Widerruf beendete Fälle',
  retentionAudit: 'Löschfrist: Protokoll der Zugriffe (Audit)',
  retentionClosed: 'Löschfrist: abgeschlossene Fälle',
  retentionEndedWithoutCase: 'Löschfrist: Fälle ohne Zielgruppe oder ohne Einwilligung',
  retentionMailContents: 'Löschfrist: Inhalte versandter E-Mails',
  staff: 'Mitarbeiter*in',
  referringInstitutionId: 'Meldende Institution',
  roles: 'Rollen',
  shortDescription: 'Kurzbeschreibung',
  signedOn: 'Unterschrieben am',
  situation: 'Ausgangslage',
  sort: 'Sortierung',
  startsAt: 'Beginn',
  startsOn: 'Beginnt am',
  status: 'Status',
  targetGroup: 'Zielgruppe',
  taskNotifications: 'E-Mails zu Aufgaben',
  text: 'Text',
  title: 'Titel',
  to: 'Bis',
  type: 'Aufgabentyp',
  userId: 'Mitarbeiter*in',
  username: 'Benutzername',
  version: 'Version',
  year: 'Jahr',
  youngPerson: 'Junger Mensch',
  youngPersonAttends: 'Junger Mensch nimmt teil',
};

/** The label of a field path, or null when none is known. */
export function fieldLabel(path: string): string | null {
  const leaf =
    path
      .replace(/\[\d+\]/g, '')
      .split('.')
      .pop() ?? path;
  return FIELD_LABELS[leaf] ?? null;
}

/**
 * A message with the field's German label instead of its property name: class-validator puts
 * the property where a message says `$property`, and some rules write the name themselves. An
 * unknown property (not allowed in the request) gets a German message naming it as sent.
 */
export function labelledMessage(path: string, message: string): string {
  const leaf =
    path
      .replace(/\[\d+\]/g, '')
      .split('.')
      .pop() ?? path;
  const unknown = /^property (\S+) should not exist$/.exec(message);
  if (unknown) return `Das Feld „${unknown[1]}“ ist hier nicht vorgesehen.`;
  const label = FIELD_LABELS[leaf];
  if (!label) return message;
  const escaped = leaf.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return message.replace(new RegExp(`(^|[\\s(„"])${escaped}(?=$|[\\s,.:;)“"])`, 'g'), `$1${label}`);
}
