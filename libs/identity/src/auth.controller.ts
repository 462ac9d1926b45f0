import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Inject } from '@nestjs/common';
import { authConfig, AuthConfig, DomainException } from '@lotse/common';
import { InstitutionService } from '@lotse/institution';
import { AllowedBeforePasswordChange, CurrentUser, Public } from './auth.decorators';
import {
  AuthConfigView,
  ChangePasswordDto,
  ColleagueView,
  LoginDto,
  LoginResultView,
  UserView,
} from './auth.dto';
import { SESSION_COOKIE, tokenOf } from './auth.guard';
import { AuthService, Session, SessionPrincipal } from './auth.service';
import type { Principal } from './principal';
import { UserDirectory } from './user-directory.service';

export function setSessionCookie(res: Response, session: Session, secure: boolean) {
  res.cookie(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    expires: session.expiresAt,
  });
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly institutions: InstitutionService,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
  ) {}

  @Public()
  @Get('config')
  @ApiOkResponse({ type: AuthConfigView })
  config_(): AuthConfigView {
    return { oidc: !!this.config.oidc, localLogin: !this.config.oidc?.only };
  }

  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: LoginResultView })
  @ApiUnauthorizedResponse({ description: 'Benutzername oder Passwort ist falsch' })
  @ApiTooManyRequestsResponse({
    description: 'Zu viele fehlgeschlagene Anmeldeversuche; `Retry-After` nennt die Wartezeit',
  })
  async login(
    @Body() dto: LoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResultView> {
    const session = await this.auth.login(dto.username, dto.password, req.ip);
    return this.answer(session, dto.tokenType === 'bearer', res);
  }

  /** Ends this session (cookie or bearer token) on the server, not just in the browser. */
  @Public()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.revoke(tokenOf(req));
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  /** Sets a new password for the signed-in account; all its sessions end, this one is renewed. */
  @AllowedBeforePasswordChange()
  @Post('password')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: LoginResultView })
  async changePassword(
    @Body() dto: ChangePasswordDto,
    @CurrentUser() user: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResultView> {
    const session = await this.auth.changeOwnPassword(user, dto.currentPassword, dto.newPassword);
    const bearer = req.headers.authorization?.startsWith('Bearer ') ?? false;
    return this.answer(session, bearer, res);
  }

  @AllowedBeforePasswordChange()
  @Get('me')
  @ApiOkResponse({ type: UserView })
  @ApiForbiddenResponse({ description: '`password_change_required` auf allen anderen Wegen' })
  me(@CurrentUser() user: SessionPrincipal): Promise<UserView> {
    return this.view(user);
  }

  /** The cookie always; the token in the body only for a client that asked for a bearer token. */
  private async answer(session: Session, bearer: boolean, res: Response): Promise<LoginResultView> {
    if (!bearer) setSessionCookie(res, session, this.config.secureCookie);
    return {
      user: await this.view(session.principal),
      ...(bearer ? { token: session.token } : {}),
      expiresAt: session.expiresAt.toISOString(),
    };
  }

  private async view(p: SessionPrincipal): Promise<UserView> {
    const institution = await this.institutions.findById(p.institutionId);
    if (!institution) throw DomainException.notFound('Institution nicht gefunden.');
    return UserView.of(p, institution);
  }
}

@ApiTags('users')
@Controller('users')
export class UserController {
  constructor(private readonly directory: UserDirectory) {}

  /** Colleagues of the signed-in user's institution (to assign tasks to). */
  @Get()
  @ApiOkResponse({ type: [ColleagueView] })
  async colleagues(@CurrentUser() user: Principal): Promise<ColleagueView[]> {
    const users = await this.directory.colleaguesOf(user);
    return users.map((u) => ({ id: u.id, displayName: u.displayName, roles: u.roles }));
  }
}
