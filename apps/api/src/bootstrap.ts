import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { json, NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  createValidationPipe,
  httpConfig,
  HttpConfig,
  LotseLogger,
  loadEnvironment,
  ProblemFilter,
  ProblemView,
  toProblem,
} from '@lotse/common';
import { httpMetrics, LotseMetrics } from '@lotse/metrics';
import { ApiModule } from './api.module';
import {
  csrfCheck,
  docsHeaders,
  noStore,
  parseFailure,
  RateLimits,
  refuseDeepJson,
  refuseNul,
  securityHeaders,
} from './http-security';
import { keepRequestId, requestLog } from './request-log';

export const API_PREFIX = 'api/v1';

/** Builds the API application (also used by the end-to-end tests). */
export async function createApi(): Promise<NestExpressApplication> {
  const env = loadEnvironment();
  const app = await NestFactory.create<NestExpressApplication>(ApiModule, {
    logger: new LotseLogger('api', env.LOG_LEVEL),
    bodyParser: false,
    abortOnError: false,
  });
  configureApi(app);
  return app;
}

export function configureApi(app: NestExpressApplication): INestApplication {
  const http = app.get<HttpConfig>(httpConfig.KEY);
  // One log line per request with its id (X-Request-Id, carried into outbox and engine; issue 14).
  app.use(requestLog());
  // Requests by route template and status, with latency (issue 14); first, to count refusals too.
  app.use(httpMetrics(app.get(LotseMetrics)));
  // Hardening headers, CSRF check and rate limits (issue 11), before any body is read.
  app.use(securityHeaders(http));
  if (http.apiDocs) app.use('/api/docs', docsHeaders());
  app.use(noStore);
  app.use(csrfCheck(http));
  app.use(app.get(RateLimits).byAddress());
  // JSON bodies; a malformed, oversize, too deeply nested or undecodable body gets the same
  // problem shape as every other error, and NUL characters are refused naming the field.
  const parseJson = json({ limit: http.bodyLimit, verify: refuseDeepJson });
  app.use((req: Request, res: Response, next: NextFunction) =>
    parseJson(req, res, (err?: unknown) => {
      if (!err) return next();
      const problem = toProblem(parseFailure(err));
      res.status(problem.statusCode).json(problem);
    }),
  );
  app.use(refuseNul);
  app.use(cookieParser());
  app.use(keepRequestId);
  setApiPrefix(app);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  // Signals: main.ts stops gracefully (stopGracefullyOnSignals); tests close the app themselves.
  serveWebUi(app, resolve(http.webDist));
  app.disable('x-powered-by');
  app.set('trust proxy', http.trustProxy);
  if (!http.apiDocs) return app;
  SwaggerModule.setup(
    'api/docs',
    app,
    () => SwaggerModule.createDocument(app, openApiConfig(), OPENAPI_OPTIONS),
    {
      jsonDocumentUrl: 'api/docs/openapi.json',
    },
  );
  return app;
}

/** `/api/v1` before every route but the public health probe (also used by `npm run openapi`). */
export function setApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'health', method: RequestMethod.GET }] });
}

/** The error body is a schema of its own (the web's ApiError reads it). */
export const OPENAPI_OPTIONS = { extraModels: [ProblemView] };

/** The head of the OpenAPI description (served at /api/docs and written by `npm run openapi`). */
export function openApiConfig() {
  return new DocumentBuilder()
    .setTitle('Lotse API')
    .setDescription(
      'Fallmeldungen, Einwilligungen und Fallkonferenzen einer Jugendberufsagentur. ' +
        'Fehler haben die Form { statusCode, code, message, errors: [{ field, messages }] }.',
    )
    .setVersion('1')
    .addBearerAuth()
    .addCookieAuth('lotse_session')
    .build();
}

/** Serves the built React UI at `/`, with every non-API path answered by its index.html. */
function serveWebUi(app: NestExpressApplication, dir: string) {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return;
  app.useStaticAssets(dir, { index: false, maxAge: '1h', immutable: false });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const apiPath = req.path.startsWith('/api/') || req.path === '/api' || req.path === '/health';
    if (req.method !== 'GET' || apiPath || !req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
