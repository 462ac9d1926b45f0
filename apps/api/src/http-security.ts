import {
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  Logger,
  NestInterceptor,
  OnModuleDestroy,
} from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { Observable } from 'rxjs';
import {
  DomainException,
  ErrorCode,
  httpConfig,
  HttpConfig,
  redisConfig,
  RedisConfig,
  redisOptionsFromUrl,
  toProblem,
} from '@lotse/common';

/** The name of the session cookie (libs/identity's `SESSION_COOKIE`; kept here to stay decoupled). */
const SESSION_COOKIE = 'lotse_session';

/** JSON bodies may nest at most this deep (objects and arrays); Lotse's own bodies use fewer than 10. */
export const JSON_MAX_DEPTH = 20;

const isApiPath = (path: string) =>
  path === '/api' || path.startsWith('/api/') || path === '/health';

/** Sends a problem body for `e` (the shape every other error has). */
function sendProblem(res: Response, e: DomainException) {
  const problem = toProblem(e);
  if (e.retryAfterSeconds !== undefined)
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil(e.retryAfterSeconds))));
  res.status(problem.statusCode).json(problem);
}

/**
 * Browser hardening headers (helmet). The Content-Security-Policy allows only Lotse's own origin
 * for scripts, styles, fonts, images and requests, no plugins, no framing (`frame-ancestors
 * 'none'`), no foreign form targets, no inline scripts or styles, no eval. One relaxation:
 * `img-src data:`, for the page's favicon (`data:,`). The UI with form-js and bpmn-js runs under
 * it without `style-src 'unsafe-inline'`: they position by CSSOM (`element.style`), which CSP
 * allows, and ship their CSS as files (the browser test fails on any CSP violation).
 * HSTS only when PUBLIC_URL is https (an http installation would lock itself out).
 */
export function securityHeaders(http: HttpConfig): RequestHandler {
  const https = http.publicUrl.startsWith('https://');
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  });
}

/** The Swagger UI ships an inline style and script bootstrap; its own page gets a looser CSP. */
export function docsHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'same-origin' },
  });
}

/** API answers carry personal data: no cache (browser, proxy) keeps them. */
export function noStore(req: Request, res: Response, next: NextFunction) {
  if (isApiPath(req.path)) res.setHeader('Cache-Control', 'no-store');
  next();
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * CSRF: a state-changing request that authenticates with the session cookie (not a bearer
 * token) must come from Lotse's own page: `Sec-Fetch-Site: same-origin`, or an `Origin` that is
 * PUBLIC_URL's origin or the request's own. Browsers send both on every fetch POST; a form or
 * fetch from another site (or another port of the same host, which SameSite=Lax lets through)
 * does not match. Bearer clients are not at risk (browsers never add that header on their own).
 */
export function csrfCheck(http: HttpConfig): RequestHandler {
  const publicOrigin = new URL(http.publicUrl).origin;
  return (req, res, next) => {
    if (!STATE_CHANGING.has(req.method) || !isApiPath(req.path)) return next();
    if (req.headers.authorization?.startsWith('Bearer ')) return next();
    const cookies = req.headers.cookie ?? '';
    if (!cookies.split(';').some((c) => c.trim().startsWith(`${SESSION_COOKIE}=`))) return next();
    const origin = req.headers.origin;
    if (req.headers['sec-fetch-site'] === 'same-origin') return next();
    if (origin && (origin === publicOrigin || origin === `${req.protocol}://${req.headers.host}`))
      return next();
    sendProblem(
      res,
      new DomainException(
        ErrorCode.FORBIDDEN,
        'Die Anfrage kommt nicht von der Lotse-Seite und wird abgelehnt.',
        [{ field: 'Origin', messages: ['Nur Anfragen von der Lotse-Seite selbst.'] }],
      ),
    );
  };
}

/**
 * body-parser's `verify`: refuses JSON nested deeper than JSON_MAX_DEPTH before it is parsed,
 * in one pass over the bytes (a 200 KB `[[[[…` would otherwise cost the parser, the transform and
 * the validation deep recursion).
 */
export function refuseDeepJson(_req: unknown, _res: unknown, buf: Buffer) {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > JSON_MAX_DEPTH)
        throw new DomainException(
          ErrorCode.VALIDATION,
          `Der Inhalt der Anfrage ist zu tief verschachtelt (höchstens ${JSON_MAX_DEPTH} Ebenen).`,
          [{ field: 'body', messages: [`Höchstens ${JSON_MAX_DEPTH} Ebenen.`] }],
        );
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

/** The path of the first string (or key) in `value` holding a NUL character, if any. */
export function nulField(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'body' : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulField(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const here = path ? `${path}.${k}` : k;
      if (k.includes('\u0000')) return here;
      const found = nulField(v, here);
      if (found) return found;
    }
  }
  return undefined;
}

/** Refuses bodies with NUL characters (PostgreSQL cannot store them in text) with a 400 naming the field. */
export function refuseNul(req: Request, res: Response, next: NextFunction) {
  const field = req.body === undefined ? undefined : nulField(req.body);
  if (!field) return next();
  sendProblem(
    res,
    new DomainException(ErrorCode.VALIDATION, 'Die Anfrage enthält ein Nullzeichen.', [
      { field, messages: ['Nullzeichen (\\u0000) sind nicht erlaubt.'] },
    ]),
  );
}

/**
 * The general rate limit, per client address and per signed-in account, counted in Redis so
 * that every API instance shares it (rate-limiter-flexible; one atomic INCR+PEXPIRE a request).
 * When Redis cannot be reached, each instance limits on its own (in memory) until it is back.
 */
@Injectable()
export class RateLimits implements OnModuleDestroy {
  private readonly logger = new Logger('RateLimits');
  private readonly redis: Redis;
  readonly perAddress: RateLimiterRedis;
  readonly perAccount: RateLimiterRedis;

  constructor(
    @Inject(httpConfig.KEY) http: HttpConfig,
    @Inject(redisConfig.KEY) redis: RedisConfig,
  ) {
    this.redis = new Redis({
      ...redisOptionsFromUrl(redis.url),
      maxRetriesPerRequest: 1,
      commandTimeout: 1000,
      enableOfflineQueue: false,
      connectionName: 'lotse-rate-limit',
    });
    this.redis.on('error', () => undefined);
    const limiter = (scope: string, points: number) =>
      new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `${redis.prefix}:rate:${scope}`,
        points,
        duration: 60,
        insuranceLimiter: new RateLimiterMemory({ points, duration: 60 }),
      });
    this.perAddress = limiter('address', http.rateLimitPerMinute);
    this.perAccount = limiter('account', http.rateLimitPerAccountPerMinute);
  }

  /** Counts a request against `limiter`; a DomainException (429, Retry-After) when over. */
  async consume(limiter: RateLimiterRedis, key: string): Promise<DomainException | undefined> {
    try {
      await limiter.consume(key);
      return undefined;
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) {
        this.logger.warn({ msg: 'rate limit unavailable', error: (e as Error).message });
        return undefined;
      }
      const seconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
      return new DomainException(
        ErrorCode.TOO_MANY_REQUESTS,
        `Zu viele Anfragen. Bitte versuchen Sie es in ${seconds} Sekunden erneut.`,
        [],
        seconds,
      );
    }
  }

  /** Express middleware: the per-address limit on everything under /api. */
  byAddress(): RequestHandler {
    return (req, res, next) => {
      if (!isApiPath(req.path) || req.path === '/health') return next();
      this.consume(this.perAddress, req.ip ?? 'unknown').then(
        (over) => (over ? sendProblem(res, over) : next()),
        next,
      );
    };
  }

  onModuleDestroy() {
    this.redis.disconnect();
  }
}

/** The per-account limit; an interceptor, since it runs after the guard has found the account. */
@Injectable()
export class AccountRateLimit implements NestInterceptor {
  constructor(private readonly limits: RateLimits) {}

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const user = ctx.switchToHttp().getRequest<Request & { user?: { id?: string } }>().user;
    if (user?.id) {
      const over = await this.limits.consume(this.limits.perAccount, user.id);
      if (over) throw over;
    }
    return next.handle();
  }
}

/**
 * A body-parser failure as the problem to answer: a body that does not decompress as its
 * `Content-Encoding` says (a zlib or brotli error: an `errno`, and no body-parser `type`) is a 400
 * naming that header; everything else is answered as before (malformed 400, too large 413,
 * unknown encoding or charset 415).
 */
export function parseFailure(err: unknown): unknown {
  const e = err as { type?: unknown; errno?: unknown } | undefined;
  if (typeof e?.type === 'string' || typeof e?.errno !== 'number') return err;
  return new DomainException(
    ErrorCode.VALIDATION,
    'Der Inhalt der Anfrage lässt sich nicht entpacken.',
    [
      {
        field: 'Content-Encoding',
        messages: ['Der Inhalt passt nicht zur angegebenen Kodierung.'],
      },
    ],
  );
}
