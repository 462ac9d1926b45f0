import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Inject } from '@nestjs/common';
import { authConfig, AuthConfig, DomainException } from '@lotse/common';
import { InstitutionService } from '@lotse/institution';
import { CurrentUser, Public } from './auth.decorators';
import { ColleagueView, LoginDto, LoginResultView, UserView } from './auth.dto';
import { SESSION_COOKIE } from './auth.guard';
import { AuthService, Session } from './auth.service';
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
  config_(): { oidc: boolean; localLogin: boolean } {
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
    setSessionCookie(res, session, this.config.secureCookie);
    return {
      user: await this.view(session.principal),
      token: session.token,
      expiresAt: session.expiresAt.toISOString(),
    };
  }

  @Public()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  logout(@Res({ passthrough: true }) res: Response): void {
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get('me')
  @ApiOkResponse({ type: UserView })
  me(@CurrentUser() user: Principal): Promise<UserView> {
    return this.view(user);
  }

  private async view(p: Principal): Promise<UserView> {
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
