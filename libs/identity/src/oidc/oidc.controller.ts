import { Controller, Get, Inject, Logger, Query, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiNotFoundResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { authConfig, AuthConfig } from '@lotse/common';
import { setSessionCookie } from '../auth.controller';
import { Public } from '../auth.decorators';
import { AuthService } from '../auth.service';
import { OidcNoAccountError, OidcProtocolError } from './oidc.errors';
import { OidcService } from './oidc.service';

/** The short-lived cookie that carries a started sign-in (state, nonce, PKCE verifier). */
export const OIDC_FLOW_COOKIE = 'lotse_oidc';

/** Where the sign-in page shows why single sign-on did not work. */
export const OIDC_FAILED_PATH = '/anmelden?fehler=oidc';
export const OIDC_NO_ACCOUNT_PATH = '/anmelden?fehler=kein-konto';

/**
 * Single sign-on for browsers: `login` sends the user to the provider, the provider sends them
 * back to `callback`, which sets the same session cookie as a local sign-in. Both answer with
 * redirects, failures included (to the sign-in page); without a configured provider, 404.
 */
@ApiTags('auth')
@Controller('auth/oidc')
export class OidcController {
  private readonly logger = new Logger('Oidc');

  constructor(
    private readonly oidc: OidcService,
    private readonly auth: AuthService,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
  ) {}

  @Public()
  @Get('login')
  @ApiQuery({
    name: 'returnTo',
    required: false,
    description: 'Pfad dieser Seite, zu dem es nach der Anmeldung geht (z. B. /aufgaben)',
  })
  @ApiFoundResponse({ description: 'Weiter zum Identitätsanbieter' })
  @ApiNotFoundResponse({ description: 'Single Sign-On ist nicht eingerichtet' })
  async login(@Query('returnTo') returnTo: unknown, @Res() res: Response): Promise<void> {
    const settings = this.oidc.settings();
    try {
      const start = await this.oidc.begin(returnTo);
      res.cookie(OIDC_FLOW_COOKIE, start.flow, {
        httpOnly: true,
        // Lax: the cookie comes along when the provider sends the browser back (a top-level GET).
        sameSite: 'lax',
        secure: this.config.secureCookie,
        path: flowCookiePath(settings.redirectUrl),
        maxAge: start.flowMaxAgeMs,
      });
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(302, start.authorizationUrl);
    } catch (e) {
      this.failed(res, e, 'start');
    }
  }

  @Public()
  @Get('callback')
  @ApiFoundResponse({
    description:
      'Angemeldet: weiter zur Seite der Anmeldung (Sitzungs-Cookie gesetzt); sonst zur ' +
      'Anmeldeseite mit ?fehler=oidc oder ?fehler=kein-konto',
  })
  @ApiNotFoundResponse({ description: 'Single Sign-On ist nicht eingerichtet' })
  async callback(
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const settings = this.oidc.settings();
    const flow = (req.cookies as Record<string, string> | undefined)?.[OIDC_FLOW_COOKIE];
    // One use only, whatever happens next.
    res.clearCookie(OIDC_FLOW_COOKIE, { path: flowCookiePath(settings.redirectUrl) });
    res.setHeader('Cache-Control', 'no-store');
    try {
      const { user, returnTo } = await this.oidc.complete(query, flow);
      const session = await this.auth.sessionFor(user);
      setSessionCookie(res, session, this.config.secureCookie);
      res.redirect(302, returnTo);
    } catch (e) {
      this.failed(res, e, 'callback');
    }
  }

  /** Logs why (without personal data) and sends the user to the sign-in page. */
  private failed(res: Response, e: unknown, step: 'start' | 'callback') {
    if (e instanceof OidcNoAccountError) {
      this.logger.warn({ msg: 'oidc sign-in without account', step, reason: e.reason });
      return res.redirect(302, OIDC_NO_ACCOUNT_PATH);
    }
    if (e instanceof OidcProtocolError) {
      this.logger.warn({ msg: 'oidc sign-in failed', step, reason: e.reason });
    } else {
      this.logger.error({
        msg: 'oidc sign-in failed unexpectedly',
        step,
        error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
      });
    }
    return res.redirect(302, OIDC_FAILED_PATH);
  }
}

/** The cookie only goes to the OIDC routes: the folder of the callback URL. */
function flowCookiePath(redirectUrl: string): string {
  const path = new URL(redirectUrl).pathname;
  return path.slice(0, path.lastIndexOf('/')) || '/';
}
