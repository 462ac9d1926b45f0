/**
 * Typed client for the Lotse API (same origin, under /api/v1). The session is an http-only
 * cookie, so every request goes out with `credentials: 'same-origin'`. This is the one place
 * that handles 401 (back to the sign-in page) and parses the API's error body.
 */

export const API_BASE = '/api/v1';

// ---------------------------------------------------------------------------------------------
// Types of the API contract
// ---------------------------------------------------------------------------------------------

export type Role = 'caseworker' | 'coordinator' | 'admin' | 'data-protection-officer';

export interface Institution {
  id: string;
  name: string;
  kind: string;
  kindLabel: string;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  institution: Institution;
  /** The Jugendberufsagentur the user's institution belongs to. */
  jbaId: string;
  /** The account must set a new password before anything else (the initial admin). */
  mustChangePassword?: boolean;
}

export interface AuthConfig {
  oidc: boolean;
}

export interface FieldError {
  field: string;
  messages: string[];
}

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  errors?: FieldError[];
}

export interface Option {
  value: string;
  label: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type TaskState = 'open' | 'completed' | 'canceled';

export interface PersonRef {
  id: string;
  displayName: string;
}

export interface TaskSummary {
  id: string;
  name: string;
  elementId: string;
  bpmnProcessId: string;
  caseId: string | null;
  caseReference: string | null;
  conferenceId: string | null;
  /** "Fallkonferenz 10.03.2027" for tasks of a conference (no case). */
  conferenceLabel: string | null;
  assignee: PersonRef | null;
  dueAt: string | null;
  followUpAt: string | null;
  priority: number;
  createdAt: string;
  state: TaskState;
  overdue: boolean;
  assignedToMe: boolean;
}

export interface TaskFacets {
  processes: Option[];
  types: Option[];
}

export interface YoungPersonSummary {
  firstName: string;
  lastName: string;
  birthDate: string;
}

export interface InstitutionRef {
  id: string;
  name: string;
}

export interface CaseSummary {
  id: string;
  reference: string;
  status: string;
  statusLabel: string;
  shortDescription: string;
  referringInstitution: InstitutionRef;
  youngPerson: YoungPersonSummary | null;
}

export interface TaskForm {
  formId: string;
  schema: Record<string, unknown>;
  data: Record<string, unknown>;
}

/** The conference a task belongs to (tasks of the conference cycle have no case). */
export interface TaskConference {
  id: string;
  startsAt: string;
  endsAt: string;
  place: string;
  statusLabel: string;
}

export interface TaskDetail extends TaskSummary {
  candidateGroups: string[];
  form: TaskForm | null;
  case: CaseSummary | null;
  conference: TaskConference | null;
}

export interface CompletedTask {
  id: string;
  state: 'completed';
}

export interface Account {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  roles: Role[];
  roleLabels: string[];
  active: boolean;
  hasPassword: boolean;
  linkedToSso: boolean;
  createdAt: string;
}

export interface JbaSettings {
  id: string;
  name: string;
  municipality: string;
  ageLimit: number;
  consentReminderInterval: string;
  consentDeadline: string;
  callForReferralsLeadTime: string;
  /** After this duration an overdue review of a measure goes to the coordination (ISO, P14D). */
  followUpEscalationDelay: string;
  /** Protocols go out as PDF attachment; otherwise only a link to sign in. */
  protocolPdfAttachment: boolean;
  /** A referral date may lie at most this many days back. */
  maxReferralBackdatingDays: number;
  /** 15–17-year-olds with confirmed capacity may consent alone (otherwise the guardians sign). */
  minorsMayConsentAlone: boolean;
  /** Retention periods (Löschfristen), ISO-8601 of one unit (P30D, P6M, P3Y), from the case's end. */
  retentionEndedWithoutCase: string;
  retentionClosed: string;
  retentionAfterRevocation: string;
  retentionMailContents: string;
  retentionAudit: string;
  coordinatingInstitutionId: string | null;
  editable: boolean;
}

export type JbaSettingsChanges = Partial<
  Pick<
    JbaSettings,
    | 'name'
    | 'municipality'
    | 'ageLimit'
    | 'consentReminderInterval'
    | 'consentDeadline'
    | 'callForReferralsLeadTime'
    | 'followUpEscalationDelay'
    | 'protocolPdfAttachment'
    | 'maxReferralBackdatingDays'
    | 'minorsMayConsentAlone'
    | 'retentionEndedWithoutCase'
    | 'retentionClosed'
    | 'retentionAfterRevocation'
    | 'retentionMailContents'
    | 'retentionAudit'
  >
>;

export interface NewAccount {
  username: string;
  displayName: string;
  email?: string;
  roles: Role[];
  password?: string;
}

export interface Colleague {
  id: string;
  displayName: string;
  roles: Role[];
}

export interface TaskQuery {
  filter?: 'mine' | 'unassigned' | 'institution' | 'all';
  due?: 'soon' | 'overdue';
  process?: string;
  type?: string;
  sort?: 'due' | 'priority' | 'created';
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

export interface ReferralSummary {
  id: string;
  reference: string;
  status: string;
  statusLabel: string;
  referringInstitution: InstitutionRef;
  createdAt: string;
}

export interface ReferralPage extends Page<ReferralSummary> {
  statusOptions: Option[];
}

export interface ReferralQuery {
  status?: string;
  page?: number;
  pageSize?: number;
}

export interface Reason {
  code: string;
  message: string;
}

export interface YoungPerson extends YoungPersonSummary {
  municipality?: string | null;
  postalCode?: string | null;
  email?: string | null;
  phone?: string | null;
  guardianName?: string | null;
  guardianEmail?: string | null;
}

export interface Consent {
  id: string;
  /** null: the viewer's institution may not see who signed (it tells the age bracket). */
  grantedBy: 'self' | 'guardian' | string | null;
  signedOn: string;
  valid: boolean;
  invalidReason: Reason | null;
  revokedAt?: string | null;
  recordedAt?: string;
  purposes?: string[];
  recipients?: string[];
}

export interface OpenTask {
  id: string;
  name: string;
  elementId: string;
  dueAt: string | null;
}

export interface HistoryEntry {
  at: string;
  type: string;
  label: string;
  status: string | null;
  reason: Reason | null;
}

export interface Referral {
  id: string;
  reference: string;
  status: string;
  statusLabel: string;
  statusReason: Reason | null;
  referredOn: string;
  shortDescription: string;
  youngPerson: YoungPerson | null;
  youngPersonAttends?: boolean | null;
  guardianAttends?: boolean | null;
  referringInstitution: InstitutionRef & { kindLabel?: string };
  consents: Consent[];
  openTasks: OpenTask[];
  history: HistoryEntry[];
  createdAt: string;
  updatedAt: string;
}

export interface ProcessDiagram {
  xml: string;
  activeElementIds: string[];
  completedElementIds: string[];
}

export type ConferenceKind = 'regular' | 'extraordinary';

export type ConferenceStatus =
  'planned' | 'call-sent' | 'agenda-set' | 'invited' | 'held' | 'cancelled';

/** One case conference date (Fallkonferenz) of a Jugendberufsagentur. */
export interface Conference {
  id: string;
  jbaId: string;
  kind: ConferenceKind;
  kindLabel: string;
  startsAt: string;
  endsAt: string;
  place: string;
  capacity: number;
  /** Meldeschluss: the agenda is built from the cases waiting at this moment. */
  referralDeadline: string;
  callForReferralsAt: string;
  status: ConferenceStatus;
  statusLabel: string;
  cancelledAt: string | null;
  cancelReason: string | null;
  agendaCount: number;
  version: number;
}

export interface AgendaEntry {
  caseId: string;
  reference: string;
  referringInstitution: InstitutionRef;
  state: string;
  stateLabel: string;
  position: number | null;
}

export interface Attendance {
  institutionId: string;
  name: string;
}

export type NotificationStatus = 'queued' | 'sent' | 'failed' | 'withheld';

export interface ConferenceNotification {
  id: string;
  template: string;
  templateLabel: string;
  recipientLabel: string;
  status: NotificationStatus;
  statusLabel: string;
  attempts: number;
  /** The raw SMTP error for admins, "Zustellung fehlgeschlagen" for everyone else. */
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
}

export interface ConferenceDetail extends Conference {
  /** Only the cases the viewer may see (the coordination sees all). */
  agenda: AgendaEntry[];
  /** Cases of the agenda the viewer may not see: shown as a count only. */
  hiddenCaseCount: number;
  attendance: Attendance[];
  notifications: ConferenceNotification[];
  openTasks: OpenTask[];
}

/** POST /conferences */
export interface ConferencePlan {
  kind: ConferenceKind;
  startsAt?: string;
  durationMinutes?: number;
  place: string;
  capacity?: number;
  referralDeadline?: string;
}

/** PATCH /conferences/:id: only what changes. */
export type ConferenceChanges = Partial<Omit<ConferencePlan, 'kind'>>;

/** GET /institutions: every institution of every JBA. */
export interface InstitutionListItem extends Institution {
  jbaId: string;
  /** "SGB II", "SGB VIII" … */
  legalBasis: string;
}

export type ConsentGrantor = 'self' | 'guardian';

export type ConsentPurpose =
  | 'case-conference'
  | 'information-exchange'
  | 'protocol-distribution'
  | 'follow-up'
  | 'entrusted-information';

/** A signed release from confidentiality (Schweigepflichtsentbindung), as posted. */
export interface ConsentSubmission {
  /** Left out only when nobody chose: the server then names the field. */
  grantedBy?: ConsentGrantor;
  signedOn: string;
  capacityConfirmed?: boolean;
  guardianInformed?: boolean;
  /** The guardians who signed (a guardian's consent; both under joint custody). */
  guardianNames?: string[];
  jointCustody?: boolean;
  /** Institution ids. */
  recipients: string[];
  purposes: ConsentPurpose[];
  /** SHA-256 of the signed document (hex); the document itself stays with the user. */
  documentHash: string;
}

/** POST /referrals. Optional fields are left out when empty (the API refuses empty strings). */
export interface ReferralSubmission {
  referredOn?: string;
  shortDescription: string;
  youngPerson: {
    firstName: string;
    lastName: string;
    birthDate: string;
    municipality: string;
    postalCode?: string;
    email?: string;
    phone?: string;
    guardian?: { name: string; email?: string };
  };
  youngPersonAttends?: boolean;
  guardianAttends?: boolean;
  consent?: ConsentSubmission;
}

/**
 * An open case of the same young person in the JBA (Doppelbetreuung). Which case, its status and
 * referrer only when the user's institution may see it (referrer, or named in a valid consent).
 */
export interface ExistingCase {
  /** The JBA's coordinating institution; without one, the case's referrer. */
  coordinatingInstitution: { id: string; name: string; contactEmail: string };
  referringInstitution: { id: string; name: string } | null;
  /** Referral date of that case, `YYYY-MM-DD`. */
  since: string;
  /** Empty without consent. */
  statusLabel: string;
  caseId: string | null;
  reference: string | null;
}

/** Who a referral is about, for the check for open cases. */
export interface ExistingCasesQuery {
  firstName: string;
  lastName: string;
  birthDate: string;
}

/** 202 to POST /referrals: accepted, the process starts shortly. */
export interface ReferralAccepted {
  id: string;
  reference: string;
  status: string;
  href: string;
  /** Other open cases of the same young person in the JBA. */
  existingCases: ExistingCase[];
}

// ---- Protocol (Protokoll) and follow-up (Nachverfolgung) ----

export interface ProtocolParticipant {
  institutionId: string;
  person?: string | null;
}

export interface ProtocolMeasure {
  id?: string | null;
  title: string;
  /** Art of the measure (an offer kind, e.g. `vocational-preparation`). */
  kind: string;
  offerId?: string | null;
  institutionId: string;
  contactName: string;
  startsOn: string;
  dueOn: string;
}

/** What the author of a protocol enters; PUT as draft, POST as correction. */
export interface ProtocolContent {
  participants: ProtocolParticipant[];
  situation: string;
  goals: string[];
  measures: ProtocolMeasure[];
  youngPersonView?: string | null;
  youngPersonAgreed?: boolean | null;
}

export interface ProtocolInstitutionOption {
  id: string;
  name: string;
  /** The consent names the institution as recipient of the protocol. */
  receivesProtocol: boolean;
}

/** Mögliche Doppelförderung: a measure of the same kind elsewhere at the same time. */
export interface DoubleSupportWarning {
  /** Index of the measure in the protocol's list. */
  measureIndex: number;
  institutionName: string;
  kindLabel: string;
  startsOn: string;
  dueOn: string;
  message: string;
}

/** GET /protocols/:id: the draft (or current version) and what the editor offers. */
export interface ProtocolEditorView {
  id: string;
  caseId: string;
  caseReference: string;
  conferenceStartsAt: string;
  conferencePlace: string;
  state: 'draft' | 'final';
  currentVersion: number;
  content: ProtocolContent;
  draftSavedAt: string | null;
  institutions: ProtocolInstitutionOption[];
  kinds: Option[];
  warnings: DoubleSupportWarning[];
  /** The open task "Protokoll erfassen", if there is one. */
  taskId: string | null;
}

export interface ProtocolDelivery {
  institutionName: string;
  status: 'sent' | 'refused' | string;
  label: string;
  at: string;
}

export interface ProtocolVersionSummary {
  version: number;
  finalizedAt: string;
  finalizedByName: string;
  correctionReason: string | null;
  fileName: string;
  sha256: string;
  downloadable: boolean;
  pdfHref: string | null;
  deliveries: ProtocolDelivery[];
  downloads: number;
}

export interface ProtocolSummary {
  id: string;
  conferenceId: string;
  conferenceStartsAt: string;
  conferencePlace: string;
  state: 'draft' | 'final' | string;
  stateLabel: string;
  currentVersion: number;
  versions: ProtocolVersionSummary[];
  /** The signed-in user may record a correction (Berichtigung). */
  correctable: boolean;
}

export interface MeasureReview {
  result: string;
  resultLabel: string;
  newDueOn: string | null;
  note: string | null;
  escalated: boolean;
  reviewedByName: string;
  reviewedAt: string;
}

export interface MeasureSummary {
  id: string;
  title: string;
  kind: string;
  kindLabel: string;
  offerId: string | null;
  offerName: string | null;
  institutionId: string;
  institutionName: string;
  contactName: string;
  startsOn: string;
  dueOn: string;
  status: string;
  statusLabel: string;
  reviews: MeasureReview[];
}

export interface FollowUpDecision {
  decision: string;
  decisionLabel: string;
  outcomeLabel: string | null;
  note: string | null;
  decidedByName: string;
  decidedAt: string;
}

/** GET /referrals/:id/follow-up */
export interface CaseFollowUp {
  protocols: ProtocolSummary[];
  measures: MeasureSummary[];
  decisions: FollowUpDecision[];
  /** Verbleib, once the case is closed. */
  outcomeLabel: string | null;
}

/** What kind of support an offer is (Angebotsart). */
export type OfferKind =
  | 'counselling'
  | 'career-orientation'
  | 'vocational-preparation'
  | 'training'
  | 'qualification'
  | 'language-course'
  | 'school-qualification'
  | 'internship'
  | 'youth-welfare'
  | 'health'
  | 'housing'
  | 'other';

/** A support offer of a partner institution (Angebotsübersicht). */
export interface Offer {
  id: string;
  jbaId: string;
  institutionId: string;
  institutionName: string;
  name: string;
  kind: OfferKind;
  kindLabel: string;
  targetGroup: string;
  /** "§ 16h SGB II" */
  legalBasis: string;
  contactName: string;
  contactEmail: string | null;
  contactPhone: string | null;
  description: string | null;
  /** First and last day, `YYYY-MM-DD`; no last day while it runs on. */
  activeFrom: string;
  activeTo: string | null;
  /** Runs today. */
  active: boolean;
  /** The signed-in user may change it. */
  editable: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface OfferPage extends Page<Offer> {
  kindOptions: Option[];
}

/** GET /offers: text (name, target group, legal basis, description), kind, institution, day. */
export interface OfferQuery {
  q?: string;
  kind?: string;
  institutionId?: string;
  /** Only offers that run on this day (`YYYY-MM-DD`). */
  activeOn?: string;
  page?: number;
  pageSize?: number;
}

/** POST /offers. Optional fields are left out when empty (the API refuses empty strings). */
export interface OfferSubmission {
  institutionId?: string;
  name: string;
  kind: OfferKind | '';
  targetGroup: string;
  legalBasis: string;
  contactName: string;
  contactEmail?: string;
  contactPhone?: string;
  description?: string;
  activeFrom: string;
  activeTo?: string;
}

/** PATCH /offers/:id: the version it was made on; null clears an optional field. */
export interface OfferChanges {
  version: number;
  name?: string;
  kind?: OfferKind | '';
  targetGroup?: string;
  legalBasis?: string;
  contactName?: string;
  contactEmail?: string | null;
  contactPhone?: string | null;
  description?: string | null;
  activeFrom?: string;
  activeTo?: string | null;
}

// ---------------------------------------------------------------------------------------------
// Transport
// ---------------------------------------------------------------------------------------------

/** An API call that did not succeed; `body` is the API's error body (or a synthetic one). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fieldErrors: FieldError[];

  constructor(status: number, body: ErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.fieldErrors = Array.isArray(body.errors) ? body.errors : [];
  }
}

let unauthorizedHandler: (() => void) | null = null;

/** Registers what happens when the API answers 401 (session missing or expired). */
export function onUnauthorized(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  body?: unknown;
  signal?: AbortSignal;
  /** Extra request headers (e.g. `Idempotency-Key`). */
  headers?: Record<string, string>;
  /** 401 is an expected answer (sign-in, "who am I"): no redirect to the sign-in page. */
  allowUnauthorized?: boolean;
}

const FALLBACK_MESSAGES: Record<number, string> = {
  400: 'Die Anfrage ist ungültig.',
  401: 'Bitte melden Sie sich an.',
  403: 'Dafür fehlt Ihnen die Berechtigung.',
  404: 'Nicht gefunden.',
  409: 'Die Aktion ist im aktuellen Zustand nicht möglich.',
};

/** The API's error body; `message` may be a list when a plain Nest validation error slips through. */
type RawErrorBody = Omit<Partial<ErrorBody>, 'message'> & { message: string | string[] };

function isErrorBody(value: unknown): value is RawErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const message = (value as { message?: unknown }).message;
  return typeof message === 'string' || Array.isArray(message);
}

async function parseError(response: Response): Promise<ApiError> {
  let parsed: unknown = null;
  try {
    parsed = await response.json();
  } catch {
    // not JSON (proxy error page, empty body …)
  }
  const fallback =
    FALLBACK_MESSAGES[response.status] ??
    `Der Server hat einen Fehler gemeldet (HTTP ${response.status}).`;
  if (isErrorBody(parsed)) {
    const message = Array.isArray(parsed.message) ? parsed.message.join(' ') : parsed.message;
    return new ApiError(response.status, {
      statusCode: parsed.statusCode ?? response.status,
      code: parsed.code ?? String(response.status),
      message: message || fallback,
      errors: parsed.errors,
    });
  }
  return new ApiError(response.status, {
    statusCode: response.status,
    code: String(response.status),
    message: fallback,
  });
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method: options.method ?? 'GET',
      credentials: 'same-origin',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, {
      statusCode: 0,
      code: 'network',
      message: 'Der Server ist nicht erreichbar. Bitte versuchen Sie es erneut.',
    });
  }
  if (!response.ok) {
    const error = await parseError(response);
    if (response.status === 401 && !options.allowUnauthorized) unauthorizedHandler?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

function query(params: object): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

const id = (value: string) => encodeURIComponent(value);

// ---------------------------------------------------------------------------------------------
// Endpoints
// ---------------------------------------------------------------------------------------------

export interface EntrustedNote {
  id: string;
  text: string;
  institutionName: string;
  createdAt: string;
}

export interface EntrustedNotes {
  mayRecord: boolean;
  items: EntrustedNote[];
}

export const api = {
  entrustedNotes: (caseId: string, signal?: AbortSignal) =>
    request<EntrustedNotes>(`/referrals/${id(caseId)}/entrusted-notes`, { signal }),
  addEntrustedNote: (caseId: string, text: string) =>
    request<EntrustedNote>(`/referrals/${id(caseId)}/entrusted-notes`, {
      method: 'POST',
      body: { text },
    }),
  authConfig: (signal?: AbortSignal) =>
    request<AuthConfig>('/auth/config', { signal, allowUnauthorized: true }),
  login: (username: string, password: string) =>
    request<{ user: User }>('/auth/login', {
      method: 'POST',
      body: { username, password },
      allowUnauthorized: true,
    }),
  logout: () => request<void>('/auth/logout', { method: 'POST', allowUnauthorized: true }),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<{ user: User }>('/auth/password', {
      method: 'POST',
      body: { currentPassword, newPassword },
    }),
  me: (signal?: AbortSignal) => request<User>('/auth/me', { signal, allowUnauthorized: true }),

  tasks: (q: TaskQuery, signal?: AbortSignal) =>
    request<Page<TaskSummary>>(`/tasks${query(q)}`, { signal }),
  taskFacets: (signal?: AbortSignal) => request<TaskFacets>('/tasks/facets', { signal }),
  task: (taskId: string, signal?: AbortSignal) =>
    request<TaskDetail>(`/tasks/${id(taskId)}`, { signal }),
  claim: (taskId: string) => request<TaskDetail>(`/tasks/${id(taskId)}/claim`, { method: 'POST' }),
  unclaim: (taskId: string) =>
    request<TaskDetail>(`/tasks/${id(taskId)}/unclaim`, { method: 'POST' }),
  assign: (taskId: string, userId: string) =>
    request<TaskDetail>(`/tasks/${id(taskId)}/assign`, { method: 'POST', body: { userId } }),
  complete: (taskId: string, variables: Record<string, unknown>) =>
    request<CompletedTask>(`/tasks/${id(taskId)}/complete`, {
      method: 'POST',
      body: { variables },
    }),

  colleagues: (signal?: AbortSignal) => request<Colleague[]>('/users', { signal }),

  referrals: (q: ReferralQuery, signal?: AbortSignal) =>
    request<ReferralPage>(`/referrals${query(q)}`, { signal }),
  referral: (referralId: string, signal?: AbortSignal) =>
    request<Referral>(`/referrals/${id(referralId)}`, { signal }),
  diagram: (referralId: string, signal?: AbortSignal) =>
    request<ProcessDiagram>(`/referrals/${id(referralId)}/diagram`, { signal }),
  /** The same key (and body) again returns the first referral instead of a second one. */
  submitReferral: (body: ReferralSubmission, idempotencyKey: string) =>
    request<ReferralAccepted>('/referrals', {
      method: 'POST',
      body,
      headers: { 'Idempotency-Key': idempotencyKey },
    }),
  existingCases: (body: ExistingCasesQuery, signal?: AbortSignal) =>
    request<{ items: ExistingCase[] }>('/referrals/existing-cases', {
      method: 'POST',
      body,
      signal,
    }),
  addConsent: (referralId: string, body: ConsentSubmission, idempotencyKey: string) =>
    request<Consent>(`/referrals/${id(referralId)}/consents`, {
      method: 'POST',
      body,
      headers: { 'Idempotency-Key': idempotencyKey },
    }),

  jbaSettings: (signal?: AbortSignal) => request<JbaSettings>('/jba/settings', { signal }),
  updateJbaSettings: (body: JbaSettingsChanges) =>
    request<JbaSettings>('/jba/settings', { method: 'PATCH', body }),
  accounts: (signal?: AbortSignal) => request<Account[]>('/accounts', { signal }),
  createAccount: (body: NewAccount) => request<Account>('/accounts', { method: 'POST', body }),
  updateAccount: (
    accountId: string,
    body: Partial<Pick<Account, 'displayName' | 'roles' | 'active'>>,
  ) => request<Account>(`/accounts/${id(accountId)}`, { method: 'PATCH', body }),
  setAccountPassword: (accountId: string, password: string) =>
    request<void>(`/accounts/${id(accountId)}/password`, { method: 'PUT', body: { password } }),

  /** Widerruf: the consent stops counting now. */
  revokeConsent: (referralId: string, consentId: string) =>
    request<Consent>(`/referrals/${id(referralId)}/consents/${id(consentId)}/revocation`, {
      method: 'POST',
    }),

  institutions: (signal?: AbortSignal) =>
    request<InstitutionListItem[]>('/institutions', { signal }),

  conferences: (year: number, signal?: AbortSignal) =>
    request<{ items: Conference[] }>(`/conferences${query({ year })}`, { signal }),
  conference: (conferenceId: string, signal?: AbortSignal) =>
    request<ConferenceDetail>(`/conferences/${id(conferenceId)}`, { signal }),
  planConference: (plan: ConferencePlan) =>
    request<Conference>('/conferences', { method: 'POST', body: plan }),
  rescheduleConference: (conferenceId: string, changes: ConferenceChanges) =>
    request<Conference>(`/conferences/${id(conferenceId)}`, { method: 'PATCH', body: changes }),
  cancelConference: (conferenceId: string, reason: string) =>
    request<Conference>(`/conferences/${id(conferenceId)}/cancel`, {
      method: 'POST',
      body: { reason },
    }),

  offers: (q: OfferQuery, signal?: AbortSignal) =>
    request<OfferPage>(`/offers${query(q)}`, { signal }),
  offer: (offerId: string, signal?: AbortSignal) =>
    request<Offer>(`/offers/${id(offerId)}`, { signal }),
  createOffer: (body: OfferSubmission) => request<Offer>('/offers', { method: 'POST', body }),
  updateOffer: (offerId: string, changes: OfferChanges) =>
    request<Offer>(`/offers/${id(offerId)}`, { method: 'PATCH', body: changes }),

  protocol: (protocolId: string, signal?: AbortSignal) =>
    request<ProtocolEditorView>(`/protocols/${id(protocolId)}`, { signal }),
  saveProtocolDraft: (protocolId: string, content: ProtocolContent) =>
    request<ProtocolEditorView>(`/protocols/${id(protocolId)}/draft`, {
      method: 'PUT',
      body: { content },
    }),
  /** Berichtigung: a new version with its reason, distributed again. */
  correctProtocol: (protocolId: string, reason: string, content: ProtocolContent) =>
    request<CaseFollowUp>(`/protocols/${id(protocolId)}/corrections`, {
      method: 'POST',
      body: { reason, content },
    }),
  caseFollowUp: (caseId: string, signal?: AbortSignal) =>
    request<CaseFollowUp>(`/referrals/${id(caseId)}/follow-up`, { signal }),
};

/**
 * A fresh key for the `Idempotency-Key` header: a random UUID. `crypto.randomUUID` exists only
 * in secure contexts (https, localhost); elsewhere the UUID is built from `getRandomValues`.
 */
export function newIdempotencyKey(): string {
  const cryptoApi = globalThis.crypto;
  if (typeof cryptoApi.randomUUID === 'function') return cryptoApi.randomUUID();
  const bytes = cryptoApi.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // variant 10
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The public conference calendar of a JBA (no sign-in): JSON and iCalendar subscription. */
export function publicCalendarUrls(jbaId: string): { json: string; ics: string } {
  const json = `${API_BASE}/public/jbas/${id(jbaId)}/conferences`;
  return { json, ics: `${json}.ics` };
}

export const OIDC_LOGIN_URL = `${API_BASE}/auth/oidc/login`;
