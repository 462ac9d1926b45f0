import { generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import { checkClaims, decodeJwt, Jwk, selectKey, verifiedEmailOf, verifyIdToken } from './id-token';
import { OidcProtocolError } from './oidc.errors';

const NOW = 1_800_000_000;
const ISSUER = 'https://idp.example';
const CLIENT = 'lotse';
const NONCE = 'n-0S6_WzA2Mj';

function keyPair(kind: 'rsa' | 'ec', kid: string) {
  const { privateKey, publicKey } =
    kind === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = { ...(publicKey.export({ format: 'jwk' }) as Jwk), kid, use: 'sig' };
  return { privateKey, jwk };
}

const rsa = keyPair('rsa', 'rsa-1');
const ec = keyPair('ec', 'ec-1');
const otherRsa = keyPair('rsa', 'rsa-1');

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function jwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: KeyObject = rsa.privateKey,
): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const signature =
    header.alg === 'ES256'
      ? sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' })
      : sign('sha256', Buffer.from(input), key);
  return `${input}.${signature.toString('base64url')}`;
}

const claims = (extra: Record<string, unknown> = {}) => ({
  iss: ISSUER,
  sub: 'subject-1',
  aud: CLIENT,
  exp: NOW + 300,
  iat: NOW - 5,
  nonce: NONCE,
  ...extra,
});

const expected = { issuer: ISSUER, clientId: CLIENT, nonce: NONCE, nowSeconds: NOW };
const keys = [rsa.jwk, ec.jwk];

function reason(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof OidcProtocolError) return e.reason;
    throw e;
  }
  throw new Error('did not fail');
}

describe('ID token verification', () => {
  it('accepts RS256 and ES256 tokens signed by a key of the provider', () => {
    const r = verifyIdToken(jwt({ alg: 'RS256', kid: 'rsa-1' }, claims()), keys, expected);
    expect(r.sub).toBe('subject-1');
    const e = jwt({ alg: 'ES256', kid: 'ec-1' }, claims({ sub: 'subject-2' }), ec.privateKey);
    expect(verifyIdToken(e, keys, expected).sub).toBe('subject-2');
    // Without kid, the only key that fits the algorithm is taken.
    expect(verifyIdToken(jwt({ alg: 'RS256' }, claims()), keys, expected).sub).toBe('subject-1');
  });

  it('refuses forged, altered and unsigned tokens', () => {
    const forged = jwt({ alg: 'RS256', kid: 'rsa-1' }, claims(), otherRsa.privateKey);
    expect(reason(() => verifyIdToken(forged, keys, expected))).toBe('id token signature invalid');

    const good = jwt({ alg: 'RS256', kid: 'rsa-1' }, claims());
    const [h, , s] = good.split('.');
    const altered = `${h}.${b64(claims({ sub: 'admin' }))}.${s}`;
    expect(reason(() => verifyIdToken(altered, keys, expected))).toBe('id token signature invalid');

    const none = `${b64({ alg: 'none' })}.${b64(claims())}.`;
    expect(reason(() => verifyIdToken(none, keys, expected))).toMatch(/not base64url|not accepted/);
    const hs = `${b64({ alg: 'HS256' })}.${b64(claims())}.AAAA`;
    expect(reason(() => verifyIdToken(hs, keys, expected))).toBe(
      'id token algorithm HS256 is not accepted',
    );
    expect(reason(() => verifyIdToken('a.b', keys, expected))).toBe(
      'id token is not a compact JWS',
    );
    expect(reason(() => verifyIdToken(undefined, keys, expected))).toBe('id token missing');
  });

  it('does not let an ES256 header pick an RSA key, nor an unknown kid any key', () => {
    const wrongAlg = jwt({ alg: 'RS256', kid: 'ec-1' }, claims());
    expect(reason(() => verifyIdToken(wrongAlg, keys, expected))).toBe(
      'no provider key fits the id token',
    );
    expect(selectKey(decodeJwt(jwt({ alg: 'RS256', kid: 'rotated' }, claims())).header, keys)).toBe(
      null,
    );
    const encKey = { ...rsa.jwk, use: 'enc' };
    expect(selectKey({ alg: 'RS256', kid: 'rsa-1' }, [encKey])).toBe(null);
    // Two RSA keys and no kid: ambiguous.
    expect(selectKey({ alg: 'RS256' }, [rsa.jwk, { ...otherRsa.jwk, kid: 'rsa-2' }])).toBe(null);
  });

  it('checks issuer, audience, azp, lifetime and nonce', () => {
    const check = (extra: Record<string, unknown>) =>
      reason(() => checkClaims(claims(extra), expected));
    expect(check({ iss: 'https://evil.example' })).toBe('id token issuer differs');
    expect(check({ aud: 'someone-else' })).toBe('id token audience differs');
    expect(check({ aud: ['someone-else', CLIENT] })).toBe('id token has several audiences, no azp');
    expect(check({ aud: [CLIENT], azp: 'someone-else' })).toBe('id token azp differs');
    expect(check({ exp: NOW - 61 })).toBe('id token expired');
    expect(check({ iat: NOW + 61 })).toBe('id token issued in the future');
    expect(check({ nbf: NOW + 61 })).toBe('id token not yet valid');
    expect(check({ nonce: 'other' })).toBe('id token nonce differs');
    expect(check({ nonce: undefined })).toBe('id token nonce differs');
    expect(check({ sub: '' })).toBe('id token subject missing or invalid');
    expect(check({ exp: undefined })).toBe('id token lacks exp');
  });

  it('tolerates a small clock difference', () => {
    expect(checkClaims(claims({ exp: NOW - 30, iat: NOW + 30 }), expected).sub).toBe('subject-1');
    expect(checkClaims(claims({ aud: [CLIENT, 'api'], azp: CLIENT }), expected).aud).toEqual([
      CLIENT,
      'api',
    ]);
  });
});

describe('verifiedEmailOf', () => {
  it('takes a verified or unqualified address, lower-cased', () => {
    expect(
      verifiedEmailOf({ email: ' Ja.Sachbearbeitung@JBA.example ', email_verified: true }),
    ).toBe('ja.sachbearbeitung@jba.example');
    expect(verifiedEmailOf({ email: 'a@b.example' })).toBe('a@b.example');
  });

  it('refuses unverified, missing and malformed addresses', () => {
    expect(verifiedEmailOf({ email: 'a@b.example', email_verified: false })).toBe(null);
    expect(verifiedEmailOf({ email: 'a@b.example', email_verified: 'false' })).toBe(null);
    expect(verifiedEmailOf({})).toBe(null);
    expect(verifiedEmailOf({ email: 'no-at-sign' })).toBe(null);
    expect(verifiedEmailOf({ email: 42 })).toBe(null);
  });
});
