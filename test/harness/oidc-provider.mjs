/**
 * A real OpenID Connect provider for the end-to-end tests: panva's `oidc-provider` with its
 * development login and consent pages (any password), in its own Node process (it is ESM).
 *
 * Configuration comes as JSON in the environment variable OIDC_TEST_PROVIDER:
 *   { clients: [{ client_id, client_secret, redirect_uris }],
 *     accounts: { <subject>: { email, email_verified, name } } }
 * The login typed into the development login page is the subject.
 * It listens on a free port of 127.0.0.1 and prints one line `{"issuer":"http://127.0.0.1:<port>"}`.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import process from 'node:process';
import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_PROVIDER ?? '{}');
/** @type {Record<string, Record<string, unknown>>} */
const accounts = config.accounts ?? {};

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
const address = server.address();
if (!address || typeof address === 'string') throw new Error('no port');
const issuer = `http://127.0.0.1:${address.port}`;

/** Fresh signing keys per run: RS256 (the default of clients) and ES256. */
const jwk = (/** @type {import('node:crypto').KeyObject} */ key, /** @type {string} */ kid) => ({
  .../** @type {object} */ (key.export({ format: 'jwk' })),
  kid,
  use: 'sig',
});
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

const provider = new Provider(issuer, {
  clients: config.clients ?? [],
  jwks: { keys: [jwk(rsa, 'test-rsa'), jwk(ec, 'test-ec')] },
  cookies: { keys: ['lotse-test-oidc-provider-cookie-key'] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => true },
  /** The login typed into the development login page is the account's subject. */
  async findAccount(_ctx, sub) {
    const account = accounts[sub];
    if (!account) return undefined;
    return { accountId: sub, claims: async () => ({ ...account, sub }) };
  },
});

server.on('request', provider.callback());
process.stdout.write(JSON.stringify({ issuer }) + '\n');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
