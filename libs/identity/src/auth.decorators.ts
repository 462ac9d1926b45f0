import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Principal } from './principal';
import { Role } from './role';

export const PUBLIC_ROUTE = 'lotse:public';
export const REQUIRED_ROLES = 'lotse:roles';
export const BEFORE_PASSWORD_CHANGE = 'lotse:before-password-change';

/** Reachable without signing in (health, sign-in, the public calendar). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Reachable by an account that must set a new password first (the change, me, sign-out). */
export const AllowedBeforePasswordChange = () => SetMetadata(BEFORE_PASSWORD_CHANGE, true);

/** Only for users with one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** The signed-in user of the request. */
export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest().user,
);
