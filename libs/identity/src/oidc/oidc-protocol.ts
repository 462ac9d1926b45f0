import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Scopes Lotse asks for: the subject, and the e-mail address to link an account once. */
export const OIDC_SCOPE = 'openid email profile';

/** Lifetime of a started sign-in (the flow cookie): the user has this long at the provider. */
export const OIDC_FLOW_TTL_SECONDS = 10 * 60;

/** Where a successful sign-in lands when no (valid) `returnTo` was given. */
export const DEFAULT_RETURN_TO = '/aufgaben';

/** The parts of the provider's discovery document Lotse uses. */
export interface OidcDiscovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  userinfo_endpoint?: string;
  token_endpoint_auth_methods_supported?: string[];
  authorization_response_iss_parameter_supported?: boolean;
}

/** A random, URL-safe value with `bytes` bytes of entropy (state, nonce, PKCE verifier). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** The PKCE `code_challenge` of a verifier (method S256, RFC 7636 §4.2). */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** Compares two strings in constant time (for state values); false on any length mismatch. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * `value` when it is a path on this site (`/…`, not `//…` and no backslash, which browsers read
 * as a slash), so a sign-in can never send the user to another site; otherwise null.
 */
export function safeReturnTo(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return null;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return null;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return null;
  }
  const base = 'http://lotse.invalid';
  try {
    const url = new URL(value, base);
    if (url.origin !== base) return null;
    return url.pathname + url.search + url.hash;
  } catch {
    return null;
  }
}

/** Reads and checks the parts of a discovery document Lotse relies on. */
export function parseDiscovery(doc: unknown, expectedIssuer: string): OidcDiscovery | string {
  if (typeof doc !== 'object' || doc === null) return 'discovery document is not an object';
  const d = doc as Record<string, unknown>;
  for (const field of ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri']) {
    if (typeof d[field] !== 'string' || !d[field]) return `discovery document lacks ${field}`;
  }
  // OpenID Connect Discovery §4.3: the issuer must be the one asked for (a trailing slash aside,
  // as the configuration strips it).
  if ((d.issuer as string).replace(/\/$/, '') !== expectedIssuer.replace(/\/$/, '')) {
    return 'discovery issuer differs from the configured issuer';
  }
  const methods = d.token_endpoint_auth_methods_supported;
  return {
    issuer: d.issuer as string,
    authorization_endpoint: d.authorization_endpoint as string,
    token_endpoint: d.token_endpoint as string,
    jwks_uri: d.jwks_uri as string,
    userinfo_endpoint: typeof d.userinfo_endpoint === 'string' ? d.userinfo_endpoint : undefined,
    token_endpoint_auth_methods_supported: Array.isArray(methods)
      ? methods.filter((m): m is string => typeof m === 'string')
      : undefined,
    authorization_response_iss_parameter_supported:
      d.authorization_response_iss_parameter_supported === true,
  };
}

export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  state: string;
  nonce: string;
  codeChallenge: string;
}

/** The provider's authorization URL for the code flow with PKCE (S256), state and nonce. */
export function authorizationUrl(endpoint: string, r: AuthorizationRequest): string {
  const url = new URL(endpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: r.clientId,
    redirect_uri: r.redirectUri,
    scope: OIDC_SCOPE,
    state: r.state,
    nonce: r.nonce,
    code_challenge: r.codeChallenge,
    code_challenge_method: 'S256',
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

/** application/x-www-form-urlencoded, as RFC 6749 §2.3.1 wants for the Basic credentials. */
function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

export interface ClientAuthentication {
  headers: Record<string, string>;
  body: Record<string, string>;
}

/**
 * How the client authenticates at the token endpoint: `client_secret_basic` when the provider
 * supports it (the default when it does not say), else `client_secret_post`; a client without
 * secret (public client, PKCE only) sends just its id. Null when nothing fits.
 */
export function clientAuthentication(
  supported: string[] | undefined,
  clientId: string,
  clientSecret: string,
): ClientAuthentication | null {
  if (!clientSecret) return { headers: {}, body: { client_id: clientId } };
  const methods = supported?.length ? supported : ['client_secret_basic'];
  if (methods.includes('client_secret_basic')) {
    const credentials = `${formEncode(clientId)}:${formEncode(clientSecret)}`;
    return {
      headers: { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` },
      body: {},
    };
  }
  if (methods.includes('client_secret_post')) {
    return { headers: {}, body: { client_id: clientId, client_secret: clientSecret } };
  }
  return null;
}

/** What a started sign-in remembers until the provider sends the user back. */
export interface OidcFlow {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** The key that signs flow cookies, derived from the session secret (not the secret itself). */
export function flowKey(sessionSecret: string): Buffer {
  return createHmac('sha256', sessionSecret).update('lotse:oidc-flow:v1').digest();
}

function mac(body: string, key: Buffer): string {
  return createHmac('sha256', key).update(body).digest('base64url');
}

/** The flow as a cookie value: base64url(JSON) + '.' + HMAC-SHA256. */
export function sealFlow(flow: OidcFlow, key: Buffer): string {
  const body = Buffer.from(JSON.stringify(flow)).toString('base64url');
  return `${body}.${mac(body, key)}`;
}

/** The flow of a cookie value; null when it is missing, forged, malformed or expired. */
export function openFlow(value: unknown, key: Buffer, nowSeconds: number): OidcFlow | null {
  if (typeof value !== 'string') return null;
  const dot = value.indexOf('.');
  if (dot <= 0) return null;
  const body = value.slice(0, dot);
  if (!sameSecret(value.slice(dot + 1), mac(body, key))) return null;
  let flow: unknown;
  try {
    flow = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const f = flow as Partial<OidcFlow> | null;
  if (
    typeof f !== 'object' ||
    f === null ||
    typeof f.state !== 'string' ||
    typeof f.nonce !== 'string' ||
    typeof f.verifier !== 'string' ||
    typeof f.returnTo !== 'string' ||
    typeof f.exp !== 'number'
  ) {
    return null;
  }
  if (nowSeconds >= f.exp) return null;
  return {
    state: f.state,
    nonce: f.nonce,
    verifier: f.verifier,
    returnTo: safeReturnTo(f.returnTo) ?? DEFAULT_RETURN_TO,
    exp: f.exp,
  };
}
