import { createPublicKey, JsonWebKey, KeyObject, verify } from 'node:crypto';
import { OidcProtocolError } from './oidc.errors';

/** A public key of the provider's JWKS (RFC 7517), as far as Lotse reads it. */
export interface Jwk {
  kty: string;
  kid?: string;
  use?: string;
  alg?: string;
  key_ops?: string[];
  crv?: string;
  n?: string;
  e?: string;
  x?: string;
  y?: string;
}

/** The claims of a verified ID token. */
export interface IdTokenClaims {
  iss: string;
  sub: string;
  aud: string | string[];
  exp: number;
  iat: number;
  nonce?: string;
  azp?: string;
  email?: unknown;
  email_verified?: unknown;
  [claim: string]: unknown;
}

export interface IdTokenExpectations {
  issuer: string;
  clientId: string;
  nonce: string;
  nowSeconds: number;
  /** Tolerated clock difference to the provider. */
  leewaySeconds?: number;
}

export interface DecodedJwt {
  header: { alg: string; kid?: string; typ?: string; crit?: unknown };
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

/** The signature algorithms Lotse accepts for ID tokens; never `none` or a shared-secret HS*. */
const ALGORITHMS: Record<string, { kty: string; crv?: string }> = {
  RS256: { kty: 'RSA' },
  ES256: { kty: 'EC', crv: 'P-256' },
};

export const ID_TOKEN_ALGORITHMS = Object.keys(ALGORITHMS);

const DEFAULT_LEEWAY_SECONDS = 60;

function fail(reason: string): never {
  throw new OidcProtocolError(reason);
}

function decodePart(part: string, what: string): Record<string, unknown> {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) fail(`id token ${what} is not base64url`);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    fail(`id token ${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(`id token ${what} is not an object`);
  }
  return value as Record<string, unknown>;
}

/** Splits a compact JWS; checks the form only, not the signature. */
export function decodeJwt(token: unknown): DecodedJwt {
  if (typeof token !== 'string') fail('id token missing');
  const parts = token.split('.');
  if (parts.length !== 3) fail('id token is not a compact JWS');
  const [h, p, s] = parts;
  const header = decodePart(h, 'header');
  const payload = decodePart(p, 'payload');
  if (!/^[A-Za-z0-9_-]+$/.test(s)) fail('id token signature is not base64url');
  if (typeof header.alg !== 'string') fail('id token header lacks alg');
  if (header.kid !== undefined && typeof header.kid !== 'string') fail('id token kid is not text');
  // No JWS extension is understood here (RFC 7515 §4.1.11).
  if (header.crit !== undefined) fail('id token has critical header parameters');
  return {
    header: header as DecodedJwt['header'],
    payload,
    signingInput: `${h}.${p}`,
    signature: Buffer.from(s, 'base64url'),
  };
}

/**
 * The key of `keys` that verifies a token with this header: the one with its `kid`, or, when the
 * header names none, the only key that fits the algorithm. Null when there is none, so the
 * caller can fetch the provider's keys again (key rotation).
 */
export function selectKey(header: DecodedJwt['header'], keys: readonly Jwk[]): Jwk | null {
  const alg = ALGORITHMS[header.alg];
  if (!alg) fail(`id token algorithm ${header.alg} is not accepted`);
  const fitting = keys.filter(
    (k) =>
      k.kty === alg.kty &&
      (alg.crv === undefined || k.crv === alg.crv) &&
      (k.use === undefined || k.use === 'sig') &&
      (k.alg === undefined || k.alg === header.alg) &&
      (k.key_ops === undefined || k.key_ops.includes('verify')),
  );
  if (header.kid !== undefined) return fitting.find((k) => k.kid === header.kid) ?? null;
  return fitting.length === 1 ? fitting[0] : null;
}

function publicKeyOf(jwk: Jwk): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
  } catch {
    fail('provider key cannot be read');
  }
  if (key.type !== 'public') fail('provider key is not a public key');
  if (jwk.kty === 'RSA' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    fail('provider RSA key is shorter than 2048 bits');
  }
  return key;
}

/** Whether the token's signature is valid under `jwk` (RS256: PKCS#1 v1.5, ES256: r||s). */
export function verifySignature(jwt: DecodedJwt, jwk: Jwk): boolean {
  const key = publicKeyOf(jwk);
  const data = Buffer.from(jwt.signingInput, 'ascii');
  switch (jwt.header.alg) {
    case 'RS256':
      return verify('sha256', data, key, jwt.signature);
    case 'ES256':
      if (jwt.signature.length !== 64) return false;
      return verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, jwt.signature);
    default:
      return fail(`id token algorithm ${jwt.header.alg} is not accepted`);
  }
}

/** Checks the claims of an ID token (OpenID Connect Core §3.1.3.7) and returns them. */
export function checkClaims(
  payload: Record<string, unknown>,
  expected: IdTokenExpectations,
): IdTokenClaims {
  const now = expected.nowSeconds;
  const leeway = expected.leewaySeconds ?? DEFAULT_LEEWAY_SECONDS;
  const c = payload as Partial<IdTokenClaims>;
  if (c.iss !== expected.issuer) fail('id token issuer differs');
  if (typeof c.sub !== 'string' || c.sub.length === 0 || c.sub.length > 255) {
    fail('id token subject missing or invalid');
  }
  const audiences = typeof c.aud === 'string' ? [c.aud] : Array.isArray(c.aud) ? c.aud : null;
  if (!audiences || !audiences.includes(expected.clientId)) fail('id token audience differs');
  if (c.azp !== undefined && c.azp !== expected.clientId) fail('id token azp differs');
  if (audiences.length > 1 && c.azp === undefined) fail('id token has several audiences, no azp');
  if (typeof c.exp !== 'number') fail('id token lacks exp');
  if (now > c.exp + leeway) fail('id token expired');
  if (typeof c.iat !== 'number') fail('id token lacks iat');
  if (c.iat > now + leeway) fail('id token issued in the future');
  if (c.nbf !== undefined && (typeof c.nbf !== 'number' || c.nbf > now + leeway)) {
    fail('id token not yet valid');
  }
  if (typeof c.nonce !== 'string' || c.nonce !== expected.nonce) fail('id token nonce differs');
  return c as IdTokenClaims;
}

/** Verifies signature and claims of an ID token against the provider's keys. */
export function verifyIdToken(
  token: unknown,
  keys: readonly Jwk[],
  expected: IdTokenExpectations,
): IdTokenClaims {
  const jwt = decodeJwt(token);
  const jwk = selectKey(jwt.header, keys);
  if (!jwk) fail('no provider key fits the id token');
  if (!verifySignature(jwt, jwk)) fail('id token signature invalid');
  return checkClaims(jwt.payload, expected);
}

/**
 * The e-mail address the provider vouches for, lower-cased, or null: `email_verified` must not be
 * false (a provider that does not send it is trusted to hand out only its own addresses).
 */
export function verifiedEmailOf(claims: {
  email?: unknown;
  email_verified?: unknown;
}): string | null {
  const { email, email_verified: verified } = claims;
  if (typeof email !== 'string') return null;
  if (verified === false || verified === 'false') return null;
  const trimmed = email.trim();
  if (trimmed.length < 3 || trimmed.length > 320 || !trimmed.includes('@')) return null;
  return trimmed.toLowerCase();
}
