import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { authConfig, AuthConfig, DomainException, ErrorCode } from '@lotse/common';
import { Institution } from '@lotse/institution';
import { LoginThrottle } from './login-throttle.service';
import { DUMMY_HASH, verifyPassword } from './password';
import { groupsOf, Principal } from './principal';
import { Role } from './role';
import { StaffUser } from './staff-user.entity';

interface SessionClaims {
  sub: string;
  usr: string;
  name: string;
  inst: string;
  jba: string;
  roles: Role[];
  /** Issued at, in milliseconds (`iat` has seconds only). */
  t: number;
}

interface AccountState {
  active: boolean;
  /** Tokens issued before this (ms) no longer count. */
  sessionsValidAfter: number;
  readAt: number;
}

const MAX_CACHED_ACCOUNTS = 10_000;

export interface Session {
  principal: Principal;
  token: string;
  expiresAt: Date;
}

/**
 * Sign-in and sessions. A session is a signed JWT (http-only cookie for the page, bearer token
 * for API clients) carrying the user's institution and roles, so requests need no lookup;
 * a deactivated account stops working when its token expires (SESSION_TTL).
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
      throw new DomainException(
        ErrorCode.UNAUTHENTICATED,
        'Benutzername oder Passwort ist falsch.',
      );
    }
    await attempt.succeeded();
    return this.sessionFor(user);
  }

  async sessionFor(user: StaffUser): Promise<Session> {
    const institution =
      user.institution ??
      (await this.users.manager.findOneByOrFail(Institution, { id: user.institutionId }));
    const claims: SessionClaims = {
      sub: user.id,
      usr: user.username,
      name: user.displayName,
      inst: user.institutionId,
      jba: institution.jbaId,
      roles: user.roles,
      t: Date.now(),
    };
    const token = await this.jwt.signAsync(claims, { expiresIn: this.config.sessionTtl as never });
    const { exp } = this.jwt.decode(token) as { exp: number };
    return { principal: this.toPrincipal(claims), token, expiresAt: new Date(exp * 1000) };
  }

  /**
   * The principal of a token; null when it is missing, forged or expired, or when its account
   * was locked or its sessions ended after the token was issued.
   */
  async verify(token: string | undefined): Promise<Principal | null> {
    if (!token) return null;
    let claims: SessionClaims & { iat: number };
    try {
      claims = await this.jwt.verifyAsync<SessionClaims & { iat: number }>(token);
    } catch {
      return null;
    }
    const account = await this.accountState(claims.sub);
    const issuedAt = typeof claims.t === 'number' ? claims.t : claims.iat * 1000;
    if (!account.active || issuedAt < account.sessionsValidAfter) return null;
    return this.toPrincipal(claims);
  }

  /** After a change of the account: this instance reads it again on its next request. */
  forget(userId: string): void {
    this.accounts.delete(userId);
  }

  /** Whether an account may still use its sessions; read at most every SESSION_CHECK_TTL_MS. */
  private async accountState(userId: string): Promise<AccountState> {
    const now = Date.now();
    const cached = this.accounts.get(userId);
    if (cached && now - cached.readAt < this.config.sessionCheckTtlMs) return cached;
    const row = await this.users.findOne({
      where: { id: userId },
      select: { id: true, active: true, sessionsValidAfter: true },
    });
    const state: AccountState = {
      active: !!row?.active,
      sessionsValidAfter: row?.sessionsValidAfter?.getTime() ?? 0,
      readAt: now,
    };
    if (this.accounts.size >= MAX_CACHED_ACCOUNTS) {
      this.accounts.delete(this.accounts.keys().next().value!);
    }
    this.accounts.delete(userId);
    this.accounts.set(userId, state);
    return state;
  }

  private toPrincipal(c: SessionClaims): Principal {
    return {
      id: c.sub,
      username: c.usr,
      displayName: c.name,
      institutionId: c.inst,
      jbaId: c.jba,
      roles: c.roles,
      groups: groupsOf(c.inst, c.roles),
    };
  }
}
