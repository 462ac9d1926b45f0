import {
  authorizationUrl,
  clientAuthentication,
  DEFAULT_RETURN_TO,
  flowKey,
  OidcFlow,
  openFlow,
  parseDiscovery,
  pkceChallenge,
  randomToken,
  safeReturnTo,
  sealFlow,
} from './oidc-protocol';

describe('PKCE', () => {
  it('derives the S256 challenge of RFC 7636, appendix B', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes verifiers of the allowed length and alphabet', () => {
    const v = randomToken(48);
    expect(v).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(randomToken()).not.toBe(randomToken());
  });
});

describe('safeReturnTo', () => {
  it('keeps paths of this site', () => {
    expect(safeReturnTo('/faelle/123?tab=einwilligung#x')).toBe('/faelle/123?tab=einwilligung#x');
    expect(safeReturnTo('/aufgaben')).toBe('/aufgaben');
  });

  it.each([
    'https://evil.example/',
    '//evil.example/x',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    'aufgaben',
    '/a\nb',
    '/a\tb',
    '',
    undefined,
    ['/aufgaben'],
    '/' + 'x'.repeat(2001),
  ])('refuses %p', (value) => {
    expect(safeReturnTo(value)).toBe(null);
  });
});

describe('flow cookie', () => {
  const key = flowKey('lotse-test-session-secret-0123456789');
  const flow: OidcFlow = {
    state: 's',
    nonce: 'n',
    verifier: 'v',
    returnTo: '/faelle/1',
    exp: 1000,
  };

  it('round-trips until it expires', () => {
    const sealed = sealFlow(flow, key);
    expect(openFlow(sealed, key, 999)).toEqual(flow);
    expect(openFlow(sealed, key, 1000)).toBe(null);
  });

  it('refuses altered values and other keys', () => {
    const sealed = sealFlow(flow, key);
    const [, mac] = sealed.split('.');
    const forged = Buffer.from(JSON.stringify({ ...flow, state: 'x' })).toString('base64url');
    expect(openFlow(`${forged}.${mac}`, key, 0)).toBe(null);
    expect(openFlow(sealed, flowKey('another-secret-of-length'), 0)).toBe(null);
    expect(openFlow(sealed.slice(0, -2), key, 0)).toBe(null);
    expect(openFlow(undefined, key, 0)).toBe(null);
    expect(openFlow('garbage', key, 0)).toBe(null);
  });

  it('never hands out a foreign returnTo, even from a valid cookie', () => {
    const sealed = sealFlow({ ...flow, returnTo: '//evil.example' }, key);
    expect(openFlow(sealed, key, 0)?.returnTo).toBe(DEFAULT_RETURN_TO);
  });

  it('does not use the session secret itself as key', () => {
    expect(flowKey('x'.repeat(16)).toString()).not.toContain('x'.repeat(16));
  });
});

describe('discovery and requests', () => {
  const doc = {
    issuer: 'https://idp.example/realms/jba',
    authorization_endpoint: 'https://idp.example/auth?tenant=1',
    token_endpoint: 'https://idp.example/token',
    jwks_uri: 'https://idp.example/jwks',
    token_endpoint_auth_methods_supported: ['client_secret_post'],
  };

  it('reads a discovery document for the configured issuer only', () => {
    expect(parseDiscovery(doc, 'https://idp.example/realms/jba')).toMatchObject({
      token_endpoint: 'https://idp.example/token',
      token_endpoint_auth_methods_supported: ['client_secret_post'],
      authorization_response_iss_parameter_supported: false,
    });
    expect(
      parseDiscovery({ ...doc, issuer: 'https://idp.example/' }, 'https://idp.example'),
    ).toEqual(expect.objectContaining({ issuer: 'https://idp.example/' }));
    expect(parseDiscovery(doc, 'https://other.example')).toBe(
      'discovery issuer differs from the configured issuer',
    );
    expect(parseDiscovery({ ...doc, jwks_uri: undefined }, doc.issuer)).toBe(
      'discovery document lacks jwks_uri',
    );
  });

  it('builds the authorization URL with PKCE, state and nonce, keeping the endpoint query', () => {
    const url = new URL(
      authorizationUrl(doc.authorization_endpoint, {
        clientId: 'lotse',
        redirectUri: 'https://lotse.example/api/v1/auth/oidc/callback',
        state: 'st',
        nonce: 'no',
        codeChallenge: 'ch',
      }),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tenant: '1',
      response_type: 'code',
      client_id: 'lotse',
      redirect_uri: 'https://lotse.example/api/v1/auth/oidc/callback',
      scope: 'openid email profile',
      state: 'st',
      nonce: 'no',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
    });
  });

  it('authenticates the client as the provider supports it', () => {
    const basic = clientAuthentication(undefined, 'lotse app', 'se:cret');
    expect(basic?.body).toEqual({});
    expect(Buffer.from(basic!.headers.authorization.slice(6), 'base64').toString()).toBe(
      'lotse+app:se%3Acret',
    );
    expect(clientAuthentication(['client_secret_post'], 'lotse', 's')).toEqual({
      headers: {},
      body: { client_id: 'lotse', client_secret: 's' },
    });
    expect(clientAuthentication(['private_key_jwt'], 'lotse', 's')).toBe(null);
    expect(clientAuthentication(['private_key_jwt'], 'lotse', '')).toEqual({
      headers: {},
      body: { client_id: 'lotse' },
    });
  });
});
