import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { authConfig, AuthConfig, DomainException } from '@lotse/common';
import { StaffUser } from '../staff-user.entity';
import {
  checkClaims,
  decodeJwt,
  IdTokenClaims,
  Jwk,
  selectKey,
  verifiedEmailOf,
  verifySignature,
} from './id-token';
import { OidcNoAccountError, OidcProtocolError } from './oidc.errors';
import {
  authorizationUrl,
  clientAuthentication,
  DEFAULT_RETURN_TO,
  flowKey,
  OIDC_FLOW_TTL_SECONDS,
  OidcDiscovery,
  openFlow,
  parseDiscovery,
  pkceChallenge,
  randomToken,
  safeReturnTo,
  sameSecret,
  sealFlow,
} from './oidc-protocol';

/** How long discovery document and keys are reused before they are fetched again. */
const METADATA_TTL_MS = 60 * 60 * 1000;
/** Unknown `kid`s fetch the keys again (rotation), but not more often than this. */
const KEY_REFRESH_MIN_INTERVAL_MS = 60 * 1000;
const HTTP_TIMEOUT_MS = 10_000;

type OidcSettings = NonNullable<AuthConfig['oidc']>;

export interface OidcStart {
  /** Where to send the browser: the provider's authorization endpoint. */
  authorizationUrl: string;
  /** The signed flow (state, nonce, PKCE verifier, returnTo) for the short-lived cookie. */
  flow: string;
  flowMaxAgeMs: number;
}

export interface OidcSignIn {
  user: StaffUser;
  returnTo: string;
}

function fail(reason: string): never {
  throw new OidcProtocolError(reason);
}

/** An OAuth error code from a provider, safe to log (printable ASCII, short). */
function errorCode(value: unknown): string {
  return typeof value === 'string' && /^[\x20-\x7e]{1,64}$/.test(value) ? value : 'unknown';
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * Sign-in through an OpenID Connect provider (authorization code flow with PKCE), as relying
 * party built on `fetch` and `crypto` only. The state of a started sign-in lives in a signed
 * cookie, not in this process, so any API instance can finish it. A provider's subject is
 * linked to a staff account once, by verified e-mail; later sign-ins match by subject.
 */
@Injectable()
export class OidcService implements OnModuleInit {
  private readonly logger = new Logger('Oidc');
  private readonly flowKey: Buffer;
  private discovered?: { until: number; value: Promise<OidcDiscovery> };
  private keys?: { until: number; fetchedAt: number; value: Promise<Jwk[]> };

  constructor(
    @InjectRepository(StaffUser) private readonly users: Repository<StaffUser>,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
  ) {
    this.flowKey = flowKey(config.sessionSecret);
  }

  onModuleInit() {
    const oidc = this.config.oidc;
    if (!oidc) return;
    if (!oidc.clientId) this.logger.warn({ msg: 'OIDC_ISSUER is set but OIDC_CLIENT_ID is not' });
    if (this.config.production && !oidc.issuer.startsWith('https://')) {
      this.logger.warn({ msg: 'OIDC_ISSUER should be an https URL in production' });
    }
  }

  /** The OIDC settings; not found when no provider is configured. */
  settings(): OidcSettings {
    if (!this.config.oidc) {
      throw DomainException.notFound('Die Anmeldung mit Single Sign-On ist nicht eingerichtet.');
    }
    return this.config.oidc;
  }

  /** Starts a sign-in: where to send the browser, and what to remember in the flow cookie. */
  async begin(returnTo: unknown): Promise<OidcStart> {
    const settings = this.settings();
    if (!settings.clientId) fail('OIDC_CLIENT_ID is not set');
    const discovery = await this.discovery();
    const state = randomToken();
    const nonce = randomToken();
    const verifier = randomToken(48);
    const flow = sealFlow(
      {
        state,
        nonce,
        verifier,
        returnTo: safeReturnTo(returnTo) ?? DEFAULT_RETURN_TO,
        exp: nowSeconds() + OIDC_FLOW_TTL_SECONDS,
      },
      this.flowKey,
    );
    return {
      authorizationUrl: authorizationUrl(discovery.authorization_endpoint, {
        clientId: settings.clientId,
        redirectUri: settings.redirectUrl,
        state,
        nonce,
        codeChallenge: pkceChallenge(verifier),
      }),
      flow,
      flowMaxAgeMs: OIDC_FLOW_TTL_SECONDS * 1000,
    };
  }

  /**
   * Finishes a sign-in with the provider's answer (the callback's query) and the flow cookie:
   * checks state (and `iss`, RFC 9207), redeems the code, verifies the ID token and finds the
   * staff account. Throws OidcProtocolError or OidcNoAccountError.
   */
  async complete(query: Record<string, unknown>, flowCookie: unknown): Promise<OidcSignIn> {
    const settings = this.settings();
    const param = (name: string) => (typeof query[name] === 'string' ? query[name] : undefined);
    const flow = openFlow(flowCookie, this.flowKey, nowSeconds());
    if (!flow) fail('flow cookie missing, forged or expired');
    const state = param('state');
    if (!state || !sameSecret(state, flow.state)) fail('state differs from the flow cookie');
    const discovery = await this.discovery();
    const iss = param('iss');
    if (
      iss !== undefined
        ? iss !== discovery.issuer
        : discovery.authorization_response_iss_parameter_supported
    ) {
      fail('authorization response iss missing or different');
    }
    if (query.error !== undefined) fail(`provider answered ${errorCode(query.error)}`);
    const code = param('code');
    if (!code) fail('authorization response lacks code');

    const tokens = await this.redeem(settings, discovery, code, flow.verifier);
    const claims = await this.verifyIdToken(settings, discovery, tokens.idToken, flow.nonce);
    const user = await this.accountFor(claims, discovery, tokens.accessToken);
    this.logger.log({ msg: 'oidc sign-in', userId: user.id });
    return { user, returnTo: flow.returnTo };
  }

  /** The staff account of the provider's subject; links it by verified e-mail the first time. */
  private async accountFor(
    claims: IdTokenClaims,
    discovery: OidcDiscovery,
    accessToken: string | undefined,
  ): Promise<StaffUser> {
    const bySubject = await this.users.findOne({
      where: { oidcSubject: claims.sub },
      relations: { institution: true },
    });
    if (bySubject) {
      if (!bySubject.active) throw new OidcNoAccountError('account of the subject is inactive');
      return bySubject;
    }

    let email = verifiedEmailOf(claims);
    // Conforming providers put scope claims (email) into userinfo rather than the ID token.
    if (!email && claims.email === undefined && accessToken && discovery.userinfo_endpoint) {
      email = verifiedEmailOf(
        await this.userinfo(discovery.userinfo_endpoint, accessToken, claims),
      );
    }
    if (!email) throw new OidcNoAccountError('unknown subject without verified e-mail');

    const matches = await this.users
      .createQueryBuilder('u')
      .leftJoinAndSelect('u.institution', 'institution')
      .where('lower(u.email) = :email', { email })
      .getMany();
    if (matches.length === 0) throw new OidcNoAccountError('no account has the e-mail');
    if (matches.length > 1) throw new OidcNoAccountError('several accounts share the e-mail');
    const [user] = matches;
    if (!user.active) throw new OidcNoAccountError('account of the e-mail is inactive');
    if (user.oidcSubject !== null) {
      throw new OidcNoAccountError('account of the e-mail is linked to another subject');
    }
    const linked = await this.users
      .createQueryBuilder()
      .update(StaffUser)
      .set({ oidcSubject: claims.sub })
      .where('id = :id AND oidc_subject IS NULL', { id: user.id })
      .execute();
    if (!linked.affected) {
      // Someone linked it at the same moment: fine when it was this very subject.
      const now = await this.users.findOneBy({ id: user.id });
      if (now?.oidcSubject !== claims.sub) {
        throw new OidcNoAccountError('account of the e-mail is linked to another subject');
      }
    }
    this.logger.log({ msg: 'oidc subject linked to account', userId: user.id });
    user.oidcSubject = claims.sub;
    return user;
  }

  private async redeem(
    settings: OidcSettings,
    discovery: OidcDiscovery,
    code: string,
    verifier: string,
  ): Promise<{ idToken: string; accessToken?: string }> {
    const auth = clientAuthentication(
      discovery.token_endpoint_auth_methods_supported,
      settings.clientId,
      settings.clientSecret,
    );
    if (!auth) fail('provider offers no client authentication Lotse supports');
    const { status, body } = await this.fetchJson(discovery.token_endpoint, 'token endpoint', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        ...auth.headers,
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: settings.redirectUrl,
        code_verifier: verifier,
        ...auth.body,
      }).toString(),
    });
    const tokens = body as Record<string, unknown>;
    if (status !== 200) fail(`token endpoint answered ${status} ${errorCode(tokens.error)}`);
    if (typeof tokens.id_token !== 'string') fail('token response lacks id_token');
    const bearer =
      typeof tokens.access_token === 'string' &&
      typeof tokens.token_type === 'string' &&
      tokens.token_type.toLowerCase() === 'bearer';
    return {
      idToken: tokens.id_token,
      accessToken: bearer ? (tokens.access_token as string) : undefined,
    };
  }

  private async verifyIdToken(
    settings: OidcSettings,
    discovery: OidcDiscovery,
    idToken: string,
    nonce: string,
  ): Promise<IdTokenClaims> {
    const jwt = decodeJwt(idToken);
    let key = selectKey(jwt.header, await this.providerKeys(discovery, false));
    if (!key) key = selectKey(jwt.header, await this.providerKeys(discovery, true));
    if (!key) fail('no provider key fits the id token');
    if (!verifySignature(jwt, key)) fail('id token signature invalid');
    return checkClaims(jwt.payload, {
      issuer: discovery.issuer,
      clientId: settings.clientId,
      nonce,
      nowSeconds: nowSeconds(),
    });
  }

  private async userinfo(
    endpoint: string,
    accessToken: string,
    claims: IdTokenClaims,
  ): Promise<Record<string, unknown>> {
    const { status, body } = await this.fetchJson(endpoint, 'userinfo endpoint', {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    });
    if (status !== 200) fail(`userinfo endpoint answered ${status}`);
    const info = body as Record<string, unknown>;
    // OpenID Connect Core §5.3.2: the answer must be about the same subject.
    if (info.sub !== claims.sub) fail('userinfo subject differs from the id token');
    return info;
  }

  /** The provider's discovery document, fetched once an hour (a failed fetch is not kept). */
  private discovery(): Promise<OidcDiscovery> {
    const now = Date.now();
    if (this.discovered && this.discovered.until > now) return this.discovered.value;
    const { issuer } = this.settings();
    const value = this.fetchJson(`${issuer}/.well-known/openid-configuration`, 'discovery').then(
      ({ status, body }) => {
        if (status !== 200) fail(`discovery answered ${status}`);
        const parsed = parseDiscovery(body, issuer);
        if (typeof parsed === 'string') fail(parsed);
        return parsed;
      },
    );
    const entry = { until: now + METADATA_TTL_MS, value };
    this.discovered = entry;
    value.catch(() => {
      if (this.discovered === entry) this.discovered = undefined;
    });
    return value;
  }

  /** The provider's signing keys; `refresh` fetches them again unless that just happened. */
  private providerKeys(discovery: OidcDiscovery, refresh: boolean): Promise<Jwk[]> {
    const now = Date.now();
    const cached = this.keys;
    if (cached && cached.until > now) {
      if (!refresh || now - cached.fetchedAt < KEY_REFRESH_MIN_INTERVAL_MS) return cached.value;
    }
    const value = this.fetchJson(discovery.jwks_uri, 'jwks').then(({ status, body }) => {
      if (status !== 200) fail(`jwks answered ${status}`);
      const keys = (body as { keys?: unknown }).keys;
      if (!Array.isArray(keys)) fail('jwks lacks keys');
      return keys.filter(
        (k): k is Jwk => typeof k === 'object' && k !== null && typeof k.kty === 'string',
      );
    });
    const entry = { until: now + METADATA_TTL_MS, fetchedAt: now, value };
    this.keys = entry;
    value.catch(() => {
      if (this.keys === entry) this.keys = undefined;
    });
    return value;
  }

  private async fetchJson(
    url: string,
    what: string,
    init: RequestInit = {},
  ): Promise<{ status: number; body: unknown }> {
    let res: Awaited<ReturnType<typeof fetch>>;
    try {
      res = await fetch(url, {
        ...init,
        redirect: 'error',
        signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
      });
    } catch (e) {
      const { cause } = e as { cause?: { code?: unknown; message?: unknown } };
      const detail = cause?.code ?? cause?.message;
      fail(`${what} unreachable: ${(e as Error).message}${detail ? ` (${String(detail)})` : ''}`);
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      fail(`${what} answered ${res.status} without JSON`);
    }
    if (typeof body !== 'object' || body === null) fail(`${what} answered no JSON object`);
    return { status: res.status, body };
  }
}
