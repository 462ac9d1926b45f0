import { Inject, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { authConfig, AuthConfig, DomainException, ErrorCode } from '@lotse/common';
import { LotseMetrics } from '@lotse/metrics';
import { LoginThrottle } from './login-throttle.service';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password';
import { groupsOf, Principal } from './principal';
import { Role } from './role';
import { StaffUser } from './staff-user.entity';

/**
 * What a session token carries: whose session it is and which one. Institution, JBA and roles
 * are not taken from the token: every request reads them from the account (see `verify`), so
 * that a token signed with a leaked secret gets no more than the account has.
 */
interface SessionClaims {
  sub: string;
  /** Session id: sign-out revokes this one session. */
  sid: string;
  /** Issued at, in milliseconds (`iat` has seconds only). */
  t: number;
}

/** What this instance last read of an account: who it is, and which of its sessions count. */
interface AccountState {
  /** Null when the account is unknown or locked. */
  principal: Principal | null;
  mustChangePassword: boolean;
  /** Tokens issued before this (ms) no longer count. */
  sessionsValidAfter: number;
  /** Sessions ended by sign-out (not yet expired). */
  revoked: Set<string>;
  readAt: number;
}

const MAX_CACHED_ACCOUNTS = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The signed-in user, whether the account must set a new password first, and the session. */
export type SessionPrincipal = Principal & { mustChangePassword: boolean; sessionId: string };

export interface Session {
  principal: SessionPrincipal;
  token: string;
  expiresAt: Date;
}

/**
 * Sign-in and sessions. A session is a signed JWT (http-only cookie for the page, bearer token
 * for API clients that ask for one) naming the account and the session. Each request reads the
 * account (institution, roles, locked?, sessions ended?, signed out?) at most every
 * SESSION_CHECK_TTL_MS per API instance: a lock, a role change or a sign-out takes effect within
 * that time everywhere (at once on the instance that made the change).
 */
@Injectable()
export class AuthService implements OnModuleInit {
  private readonly logger = new Logger('Auth');
  /** What this instance last read of each account, oldest first. */
  private readonly accounts = new Map<string, AccountState>();

  constructor(
    @InjectRepository(StaffUser) private readonly users: Repository<StaffUser>,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottle,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
    @Optional() private readonly metrics: LotseMetrics = LotseMetrics.detached(),
  ) {}

  onModuleInit() {
    if (this.config.defaultSecret) {
      if (this.config.production) throw new Error('SESSION_SECRET must be set in production');
      this.logger.warn({ msg: 'SESSION_SECRET is the development default; set your own' });
    }
  }

  /** Local sign-in; `address` is the client's, for throttling repeated failures. */
  async login(username: string, password: string, address?: string): Promise<Session> {
    if (this.config.oidc?.only) {
      throw new DomainException(
        ErrorCode.FORBIDDEN,
        'Bitte melden Sie sich über Single Sign-On an.',
      );
    }
    const name = username.trim().toLowerCase();
    const attempt = await this.throttle.begin(name, address);
    const user = await this.users.findOne({
      where: { username: name },
      relations: { institution: true },
    });
    const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
    if (!user || !user.active || !user.passwordHash || !ok) {
      this.metrics.signInFailures.inc({
        reason: !user
          ? 'unknown_account'
          : !user.active
            ? 'locked'
            : !user.passwordHash
              ? 'no_password'
              : 'wrong_password',
      });
      throw new DomainException(
        ErrorCode.UNAUTHENTICATED,
        'Benutzername oder Passwort ist falsch.',
      );
    }
    await attempt.succeeded();
    return this.sessionFor(user);
  }

  async sessionFor(user: StaffUser): Promise<Session> {
    const claims: SessionClaims = { sub: user.id, sid: randomUUID(), t: Date.now() };
    const token = await this.jwt.signAsync(claims, { expiresIn: this.config.sessionTtl as never });
    const { exp } = this.jwt.decode(token) as { exp: number };
    this.forget(user.id);
    const account = await this.accountState(user.id);
    if (!account.principal) throw new Error(`account ${user.id} cannot sign in`);
    return {
      principal: {
        ...account.principal,
        mustChangePassword: account.mustChangePassword,
        sessionId: claims.sid,
      },
      token,
      expiresAt: new Date(exp * 1000),
    };
  }

  /**
   * The principal of a token, as the account is now; null when the token is missing, forged or
   * expired, when it was signed out, or when its account is unknown, locked or its sessions
   * ended after the token was issued.
   */
  async verify(token: string | undefined): Promise<SessionPrincipal | null> {
    const claims = await this.claimsOf(token);
    if (!claims) return null;
    const account = await this.accountState(claims.sub);
    if (
      !account.principal ||
      claims.t < account.sessionsValidAfter ||
      account.revoked.has(claims.sid)
    ) {
      return null;
    }
    return {
      ...account.principal,
      mustChangePassword: account.mustChangePassword,
      sessionId: claims.sid,
    };
  }

  /** Sign-out: this session ends (on every API instance within SESSION_CHECK_TTL_MS). */
  async revoke(token: string | undefined): Promise<void> {
    const claims = await this.claimsOf(token);
    if (!claims) return;
    const { exp } = this.jwt.decode(token!) as { exp: number };
    await this.users.manager.transaction(async (m) => {
      await m.query(`delete from revoked_session where expires_at < now()`);
      await m.query(
        `insert into revoked_session (session_id, user_id, expires_at) values ($1, $2, $3)
         on conflict do nothing`,
        [claims.sid, claims.sub, new Date(exp * 1000)],
      );
    });
    this.forget(claims.sub);
  }

  /**
   * The signed-in user sets a new password (required first for the initial admin). Every
   * session of the account ends; the caller gets a new one.
   */
  async changeOwnPassword(
    user: Principal,
    currentPassword: string,
    newPassword: string,
  ): Promise<Session> {
    const row = await this.users.findOneBy({ id: user.id });
    if (!row?.passwordHash || !(await verifyPassword(row.passwordHash, currentPassword))) {
      throw new DomainException(ErrorCode.VALIDATION, 'Das bisherige Passwort ist falsch.', [
        { field: 'currentPassword', messages: ['Das bisherige Passwort ist falsch.'] },
      ]);
    }
    if (currentPassword === newPassword) {
      throw new DomainException(
        ErrorCode.VALIDATION,
        'Das neue Passwort muss sich vom bisherigen unterscheiden.',
        [{ field: 'newPassword', messages: ['muss sich vom bisherigen unterscheiden'] }],
      );
    }
    await this.users.update(
      { id: user.id },
      {
        passwordHash: await hashPassword(newPassword),
        mustChangePassword: false,
        sessionsValidAfter: new Date(),
      },
    );
    this.forget(user.id);
    return this.sessionFor(row);
  }

  /** After a change of the account: this instance reads it again on its next request. */
  forget(userId: string): void {
    this.accounts.delete(userId);
  }

  private async claimsOf(token: string | undefined): Promise<SessionClaims | null> {
    if (!token) return null;
    try {
      const claims = await this.jwt.verifyAsync<Partial<SessionClaims>>(token);
      // Tokens without a session id (issued before sign-out could revoke them) no longer count.
      if (typeof claims.sub !== 'string' || !UUID.test(claims.sub)) return null;
      if (typeof claims.sid !== 'string' || typeof claims.t !== 'number') return null;
      return claims as SessionClaims;
    } catch {
      return null;
    }
  }

  /** The account as it is now; read at most every SESSION_CHECK_TTL_MS. */
  private async accountState(userId: string): Promise<AccountState> {
    const now = Date.now();
    const cached = this.accounts.get(userId);
    if (cached && now - cached.readAt < this.config.sessionCheckTtlMs) return cached;
    const [row] = (await this.users.query(
      `select u.id, u.username, u.display_name, u.institution_id, u.roles, u.active,
              u.sessions_valid_after, u.must_change_password, i.jba_id,
              array(select r.session_id::text from revoked_session r
                     where r.user_id = u.id and r.expires_at > now()) as revoked
         from staff_user u join institution i on i.id = u.institution_id
        where u.id = $1`,
      [userId],
    )) as Array<{
      id: string;
      username: string;
      display_name: string;
      institution_id: string;
      roles: Role[];
      active: boolean;
      sessions_valid_after: Date | null;
      must_change_password: boolean;
      jba_id: string;
      revoked: string[];
    }>;
    const state: AccountState = {
      principal:
        row?.active === true
          ? {
              id: row.id,
              username: row.username,
              displayName: row.display_name,
              institutionId: row.institution_id,
              jbaId: row.jba_id,
              roles: row.roles,
              groups: groupsOf(row.institution_id, row.roles),
            }
          : null,
      mustChangePassword: !!row?.must_change_password,
      sessionsValidAfter: row?.sessions_valid_after?.getTime() ?? 0,
      revoked: new Set(row?.revoked ?? []),
      readAt: now,
    };
    if (this.accounts.size >= MAX_CACHED_ACCOUNTS) {
      this.accounts.delete(this.accounts.keys().next().value!);
    }
    this.accounts.delete(userId);
    this.accounts.set(userId, state);
    return state;
  }
}
