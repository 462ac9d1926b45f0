/**
 * The `route` label of an HTTP request: the template of the route that answered it (e.g.
 * `/api/v1/referrals/:id`), never the raw URL, so that no id (of a case, a person, a task)
 * becomes a label value and the number of series stays bounded.
 */
export interface RouteOfRequest {
  /** `req.baseUrl` (the mount path of a router, usually empty). */
  baseUrl?: string;
  /** `req.route?.path`: the matched route's template; absent when no route matched. */
  routePath?: unknown;
  /** `req.path`: the raw path, only looked at to tell the kinds of unmatched requests apart. */
  path: string;
}

/** Requests no route answered: refused before routing (rate limit, CSRF, body), or not found. */
export const UNMATCHED_API = 'unmatched';
/** The web UI's files and its index.html for every client-side path. */
export const WEB_UI = 'web';
/** Swagger UI and the OpenAPI document. */
export const API_DOCS = '/api/docs';

/** Path segments that look like ids: UUIDs, numbers, long hex or base64url tokens. */
const ID_SEGMENT =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+|[0-9a-f]{16,}|[A-Za-z0-9_-]{24,})$/i;

export function routeLabel(r: RouteOfRequest): string {
  if (typeof r.routePath === 'string' && r.routePath !== '') {
    const template = `${r.baseUrl ?? ''}${r.routePath}`;
    return normaliseTemplate(template);
  }
  const path = r.path || '/';
  if (path === API_DOCS || path.startsWith(`${API_DOCS}/`) || path.startsWith(`${API_DOCS}-`)) {
    return API_DOCS;
  }
  if (path === '/api' || path.startsWith('/api/') || path === '/health') return UNMATCHED_API;
  return WEB_UI;
}

/**
 * A template as Express holds it, tidied: one slash between segments, no trailing slash, and
 * (a second line of defence) any literal segment that looks like an id replaced by `:id`.
 */
export function normaliseTemplate(template: string): string {
  const segments = template.split('/').filter((s) => s !== '');
  if (segments.length === 0) return '/';
  return (
    '/' + segments.map((s) => (s.startsWith(':') || !ID_SEGMENT.test(s) ? s : ':id')).join('/')
  );
}
