import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainException, ErrorCode } from '@lotse/common';
import { BEFORE_PASSWORD_CHANGE, PUBLIC_ROUTE, REQUIRED_ROLES } from './auth.decorators';
import { AuthService } from './auth.service';
import { Role } from './role';

export const SESSION_COOKIE = 'lotse_session';

/** The roles that do case work; routes without @Roles() are for them. */
const STAFF_ROLES: readonly Role[] = [Role.CASEWORKER, Role.COORDINATOR, Role.ADMIN];

export function tokenOf(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
}

/**
 * Every route needs a signed-in user unless marked @Public(); @Roles() names who may use it,
 * otherwise it is for the staff roles (not an account that is only the DSB). An
 * account that must set a new password reaches only routes marked @AllowedBeforePasswordChange().
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    const req = ctx.switchToHttp().getRequest<Request & { user?: unknown }>();
    const principal = await this.auth.verify(tokenOf(req));
    if (principal) req.user = principal;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    if (!principal)
      throw new DomainException(ErrorCode.UNAUTHENTICATED, 'Bitte melden Sie sich an.');
    if (
      principal.mustChangePassword &&
      !this.reflector.getAllAndOverride<boolean>(BEFORE_PASSWORD_CHANGE, targets)
    ) {
      throw new DomainException(
        ErrorCode.PASSWORD_CHANGE_REQUIRED,
        'Bitte legen Sie zuerst ein neues Passwort fest.',
      );
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles?.length) {
      if (!roles.some((r) => principal.roles.includes(r))) throw DomainException.forbidden();
      return true;
    }
    // Routes without @Roles() are the case work: for staff roles only. An account that is only
    // the data protection officer reaches its own pages and its account routes, no case content.
    const accountRoute = this.reflector.getAllAndOverride<boolean>(BEFORE_PASSWORD_CHANGE, targets);
    if (!accountRoute && !STAFF_ROLES.some((r) => principal.roles.includes(r))) {
      throw DomainException.forbidden();
    }
    return true;
  }
}
