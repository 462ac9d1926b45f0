/**
 * Typed client for the Lotse API (same origin, under /api/v1). The session is an http-only
 * cookie, so every request goes out with `credentials: 'same-origin'`. This is the one place
 * that handles 401 (back to the sign-in page) and parses the API's error body.
 *
 * The types come from the API's OpenAPI description (apps/api/openapi.json), generated into
 * ./generated/api-schema.ts by `npm run openapi` (openapi-typescript): each call names its route
 * (`Ok<'/referrals/{id}', 'get'>`), so a changed DTO or route fails `tsc` here, and `npm test`
 * fails while the checked-in description lags behind the code.
 */
import type { components, operations, paths } from './generated/api-schema';

export const API_BASE = '/api/v1';

// ---------------------------------------------------------------------------------------------
// Types of the API contract, from the generated schema; names for what the pages use.
// ---------------------------------------------------------------------------------------------

/** The API's schemas (DTOs), by name. */
export type Schemas = components['schemas'];
/** A route of the API as the calls below write it (without `/api/v1`). */
type ApiPath = keyof paths extends infer K ? (K extends `/api/v1${infer P}` ? P : never) : never;
/** The HTTP methods a route answers. */
type MethodOf<P extends ApiPath> = {
  [M in 'get' | 'post' | 'put' | 'patch' | 'delete']: paths[`/api/v1${P}`][M] extends {
    responses: unknown;
  }
    ? M
    : never;
}['get' | 'post' | 'put' | 'patch' | 'delete'];
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;
/** The JSON body of a route's success answer (200, 201 or 202), from the description. */
export type Ok<P extends ApiPath, M extends MethodOf<P>> = paths[`/api/v1${P}`][M] extends {
  responses: infer R;
}
  ? JsonOf<R[Extract<keyof R, 200 | 201 | 202>]>
  : never;

/** The query parameters of an API operation (by its operation id). */
export type QueryOf<O extends keyof operations> = NonNullable<operations[O]['parameters']['query']>;

/**
 * A request body as a form sends it: the fields K may still be missing or empty, and the API
 * answers 400 naming them (the web does not repeat the server's validation).
 */
export type Draft<T, K extends keyof T> = Omit<T, K> & { [P in K]?: T[P] | '' };

export type Role = User['roles'][number];

export type Institution = Schemas['UserInstitutionView'];

export type User = Schemas['UserView'];

export type AuthConfig = Schemas['AuthConfigView'];

export type FieldError = Schemas['FieldErrorView'];

/** The body of every error answer. */
export type ErrorBody = Schemas['ProblemView'];

export type Option = Schemas['OptionView'];

export type TaskState = TaskSummary['state'];

export type PersonRef = Schemas['TaskAssigneeView'];

export type TaskSummary = Schemas['TaskSummaryView'];

export type TaskFacets = Schemas['TaskFacetsView'];

export type YoungPersonSummary = Schemas['CaseSummaryPersonView'];

export type InstitutionRef = Schemas['InstitutionRefView'];

export type CaseSummary = Schemas['CaseSummaryView'];

export type TaskForm = Schemas['TaskFormView'];

/** The conference a task belongs to (tasks of the conference cycle have no case). */
export type TaskConference = Schemas['TaskConferenceView'];

export type TaskDetail = Schemas['TaskDetailView'];

export type CompletedTask = Schemas['TaskCompletedView'];

export type Account = Schemas['AccountView'];

export type JbaSettings = Schemas['JbaSettingsView'];

export type JbaSettingsChanges = Schemas['UpdateJbaSettingsDto'];

export type NewAccount = Schemas['CreateAccountDto'];

export type Colleague = Schemas['ColleagueView'];

export type TaskQuery = QueryOf<'TaskListController_list'>;

export type ReferralSummary = Schemas['ReferralListItemView'];

export type ReferralPage = Schemas['ReferralListView'];

/** The status filter comes from the address bar as it is; the server checks it (400). */
export type ReferralQuery = Omit<QueryOf<'ReferralController_list'>, 'status'> & {
  status?: string;
};

export type Reason = Schemas['ReasonView'];

export type YoungPerson = Schemas['YoungPersonView'];

export type Consent = Schemas['ConsentView'];

export type OpenTask = Schemas['OpenTaskView'];

export type HistoryEntry = Schemas['HistoryEntryView'];

export type Referral = Schemas['ReferralView'];

export type ProcessDiagram = Schemas['DiagramView'];

export type ConferenceKind = Conference['kind'];

export type ConferenceStatus = Conference['status'];

/** One case conference date (Fallkonferenz) of a Jugendberufsagentur. */
export type Conference = Schemas['ConferenceView'];

export type AgendaEntry = Schemas['AgendaEntryView'];

export type Attendance = Schemas['AttendanceView'];

export type NotificationStatus = ConferenceNotification['status'];

export type ConferenceNotification = Schemas['NotificationView'];

export type ConferenceDetail = Schemas['ConferenceDetailView'];

/** POST /conferences */
export type ConferencePlan = Schemas['PlanConferenceDto'];

/** PATCH /conferences/:id: only what changes. */
export type ConferenceChanges = Schemas['ConferenceTimesDto'];

/** GET /institutions: every institution of every JBA. */
export type InstitutionListItem = Schemas['InstitutionView'];

export type ConsentGrantor = Schemas['ConsentDto']['grantedBy'];

export type ConsentPurpose = ConsentSubmission['purposes'][number];

/** A signed release from confidentiality (Schweigepflichtsentbindung), as posted. */
export type ConsentSubmission = Draft<Schemas['ConsentDto'], 'grantedBy'>;

/** POST /referrals. Optional fields are left out when empty (the API refuses empty strings). */
export type ReferralSubmission = Omit<Schemas['SubmitReferralDto'], 'consent'> & {
  consent?: ConsentSubmission;
};

/**
 * An open case of the same young person in the JBA (Doppelbetreuung). Which case, its status and
 * referrer only when the user's institution may see it (referrer, or named in a valid consent).
 */
export type ExistingCase = Schemas['ExistingCaseView'];

/** Who a referral is about, for the check for open cases. */
export type ExistingCasesQuery = Schemas['ExistingCasesQueryDto'];

/** 202 to POST /referrals: accepted, the process starts shortly. */
export type ReferralAccepted = Schemas['ReferralAcceptedView'];

// ---- Protocol (Protokoll) and follow-up (Nachverfolgung) ----

export type ProtocolParticipant = Schemas['ParticipantDto'];

export type ProtocolMeasure = Omit<Schemas['MeasureDto'], 'kind'> & { kind: string };

/** What the author of a protocol enters; PUT as draft, POST as correction. */
export type ProtocolContent = Omit<Schemas['ProtocolContentDto'], 'measures'> & {
  measures: ProtocolMeasure[];
};

export type ProtocolInstitutionOption = Schemas['InstitutionOptionView'];

/** Mögliche Doppelförderung: a measure of the same kind elsewhere at the same time. */
export type DoubleSupportWarning = Schemas['DoubleSupportWarningView'];

/** GET /protocols/:id: the draft (or current version) and what the editor offers. */
export type ProtocolEditorView = Schemas['ProtocolEditorView'];

export type ProtocolDelivery = Schemas['DeliveryView'];

export type ProtocolVersionSummary = Schemas['ProtocolVersionView'];

export type ProtocolSummary = Schemas['ProtocolSummaryView'];

export type MeasureReview = Schemas['MeasureReviewView'];

export type MeasureSummary = Schemas['MeasureView'];

export type FollowUpDecision = Schemas['DecisionView'];

/** GET /referrals/:id/follow-up */
export type CaseFollowUp = Schemas['CaseFollowUpView'];

/** What kind of support an offer is (Angebotsart). */
export type OfferKind = Offer['kind'];

/** A support offer of a partner institution (Angebotsübersicht). */
export type Offer = Schemas['OfferView'];

export type OfferPage = Schemas['OfferPageView'];

/** GET /offers: text (name, target group, legal basis, description), kind, institution, day. */
/** The kind filter comes from the address bar as it is; the server checks it (400). */
export type OfferQuery = Omit<QueryOf<'OfferController_search'>, 'kind'> & { kind?: string };

/** POST /offers. Optional fields are left out when empty (the API refuses empty strings). */
export type OfferSubmission = Draft<Schemas['CreateOfferDto'], 'kind'>;

/** PATCH /offers/:id: the version it was made on; null clears an optional field. */
export type OfferChanges = Draft<Schemas['UpdateOfferDto'], 'kind'>;

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
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
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

/** A query string of the defined, non-empty values (`?a=1&b=x`, or nothing). */
export function query(params: object): string {
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

export type EntrustedNote = Schemas['EntrustedNoteView'];

export type EntrustedNotes = Schemas['EntrustedNotesView'];

export const api = {
  entrustedNotes: (caseId: string, signal?: AbortSignal) =>
    request<Ok<'/referrals/{id}/entrusted-notes', 'get'>>(
      `/referrals/${id(caseId)}/entrusted-notes`,
      { signal },
    ),
  addEntrustedNote: (caseId: string, text: string) =>
    request<Ok<'/referrals/{id}/entrusted-notes', 'post'>>(
      `/referrals/${id(caseId)}/entrusted-notes`,
      {
        method: 'POST',
        body: { text },
      },
    ),
  authConfig: (signal?: AbortSignal) =>
    request<Ok<'/auth/config', 'get'>>('/auth/config', { signal, allowUnauthorized: true }),
  login: (username: string, password: string) =>
    request<Ok<'/auth/login', 'post'>>('/auth/login', {
      method: 'POST',
      body: { username, password },
      allowUnauthorized: true,
    }),
  logout: () => request<void>('/auth/logout', { method: 'POST', allowUnauthorized: true }),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<Ok<'/auth/password', 'post'>>('/auth/password', {
      method: 'POST',
      body: { currentPassword, newPassword },
    }),
  me: (signal?: AbortSignal) =>
    request<Ok<'/auth/me', 'get'>>('/auth/me', { signal, allowUnauthorized: true }),

  tasks: (q: TaskQuery, signal?: AbortSignal) =>
    request<Ok<'/tasks', 'get'>>(`/tasks${query(q)}`, { signal }),
  taskFacets: (signal?: AbortSignal) =>
    request<Ok<'/tasks/facets', 'get'>>('/tasks/facets', { signal }),
  task: (taskId: string, signal?: AbortSignal) =>
    request<Ok<'/tasks/{id}', 'get'>>(`/tasks/${id(taskId)}`, { signal }),
  claim: (taskId: string) =>
    request<Ok<'/tasks/{id}/claim', 'post'>>(`/tasks/${id(taskId)}/claim`, { method: 'POST' }),
  unclaim: (taskId: string) =>
    request<Ok<'/tasks/{id}/unclaim', 'post'>>(`/tasks/${id(taskId)}/unclaim`, { method: 'POST' }),
  assign: (taskId: string, userId: string) =>
    request<Ok<'/tasks/{id}/assign', 'post'>>(`/tasks/${id(taskId)}/assign`, {
      method: 'POST',
      body: { userId },
    }),
  complete: (taskId: string, variables: Record<string, unknown>) =>
    request<Ok<'/tasks/{id}/complete', 'post'>>(`/tasks/${id(taskId)}/complete`, {
      method: 'POST',
      body: { variables },
    }),

  colleagues: (signal?: AbortSignal) => request<Ok<'/users', 'get'>>('/users', { signal }),

  referrals: (q: ReferralQuery, signal?: AbortSignal) =>
    request<Ok<'/referrals', 'get'>>(`/referrals${query(q)}`, { signal }),
  referral: (referralId: string, signal?: AbortSignal) =>
    request<Ok<'/referrals/{id}', 'get'>>(`/referrals/${id(referralId)}`, { signal }),
  diagram: (referralId: string, signal?: AbortSignal) =>
    request<Ok<'/referrals/{id}/diagram', 'get'>>(`/referrals/${id(referralId)}/diagram`, {
      signal,
    }),
  /** The same key (and body) again returns the first referral instead of a second one. */
  submitReferral: (body: ReferralSubmission, idempotencyKey: string) =>
    request<Ok<'/referrals', 'post'>>('/referrals', {
      method: 'POST',
      body,
      headers: { 'Idempotency-Key': idempotencyKey },
    }),
  existingCases: (body: ExistingCasesQuery, signal?: AbortSignal) =>
    request<Ok<'/referrals/existing-cases', 'post'>>('/referrals/existing-cases', {
      method: 'POST',
      body,
      signal,
    }),
  addConsent: (referralId: string, body: ConsentSubmission, idempotencyKey: string) =>
    request<Ok<'/referrals/{id}/consents', 'post'>>(`/referrals/${id(referralId)}/consents`, {
      method: 'POST',
      body,
      headers: { 'Idempotency-Key': idempotencyKey },
    }),

  jbaSettings: (signal?: AbortSignal) =>
    request<Ok<'/jba/settings', 'get'>>('/jba/settings', { signal }),
  updateJbaSettings: (body: JbaSettingsChanges) =>
    request<Ok<'/jba/settings', 'patch'>>('/jba/settings', { method: 'PATCH', body }),
  accounts: (signal?: AbortSignal) => request<Ok<'/accounts', 'get'>>('/accounts', { signal }),
  createAccount: (body: NewAccount) =>
    request<Ok<'/accounts', 'post'>>('/accounts', { method: 'POST', body }),
  updateAccount: (
    accountId: string,
    body: Partial<Pick<Account, 'displayName' | 'roles' | 'active'>>,
  ) =>
    request<Ok<'/accounts/{id}', 'patch'>>(`/accounts/${id(accountId)}`, { method: 'PATCH', body }),
  setAccountPassword: (accountId: string, password: string) =>
    request<void>(`/accounts/${id(accountId)}/password`, { method: 'PUT', body: { password } }),

  institutions: (signal?: AbortSignal) =>
    request<Ok<'/institutions', 'get'>>('/institutions', { signal }),

  conferences: (year: number, signal?: AbortSignal) =>
    request<Ok<'/conferences', 'get'>>(`/conferences${query({ year })}`, { signal }),
  conference: (conferenceId: string, signal?: AbortSignal) =>
    request<Ok<'/conferences/{id}', 'get'>>(`/conferences/${id(conferenceId)}`, { signal }),
  planConference: (plan: ConferencePlan) =>
    request<Ok<'/conferences', 'post'>>('/conferences', { method: 'POST', body: plan }),
  rescheduleConference: (conferenceId: string, changes: ConferenceChanges) =>
    request<Ok<'/conferences/{id}', 'patch'>>(`/conferences/${id(conferenceId)}`, {
      method: 'PATCH',
      body: changes,
    }),
  cancelConference: (conferenceId: string, reason: string) =>
    request<Ok<'/conferences/{id}/cancel', 'post'>>(`/conferences/${id(conferenceId)}/cancel`, {
      method: 'POST',
      body: { reason },
    }),

  offers: (q: OfferQuery, signal?: AbortSignal) =>
    request<Ok<'/offers', 'get'>>(`/offers${query(q)}`, { signal }),
  offer: (offerId: string, signal?: AbortSignal) =>
    request<Ok<'/offers/{id}', 'get'>>(`/offers/${id(offerId)}`, { signal }),
  createOffer: (body: OfferSubmission) =>
    request<Ok<'/offers', 'post'>>('/offers', { method: 'POST', body }),
  updateOffer: (offerId: string, changes: OfferChanges) =>
    request<Ok<'/offers/{id}', 'patch'>>(`/offers/${id(offerId)}`, {
      method: 'PATCH',
      body: changes,
    }),

  protocol: (protocolId: string, signal?: AbortSignal) =>
    request<Ok<'/protocols/{id}', 'get'>>(`/protocols/${id(protocolId)}`, { signal }),
  saveProtocolDraft: (protocolId: string, content: ProtocolContent) =>
    request<Ok<'/protocols/{id}/draft', 'put'>>(`/protocols/${id(protocolId)}/draft`, {
      method: 'PUT',
      body: { content },
    }),
  /** Berichtigung: a new version with its reason, distributed again. */
  correctProtocol: (protocolId: string, reason: string, content: ProtocolContent) =>
    request<Ok<'/protocols/{id}/corrections', 'post'>>(`/protocols/${id(protocolId)}/corrections`, {
      method: 'POST',
      body: { reason, content },
    }),
  caseFollowUp: (caseId: string, signal?: AbortSignal) =>
    request<Ok<'/referrals/{caseId}/follow-up', 'get'>>(`/referrals/${id(caseId)}/follow-up`, {
      signal,
    }),
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

export const OIDC_LOGIN_URL = `${API_BASE}/auth/oidc/login`;
