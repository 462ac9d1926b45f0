import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  Matches,
  MinLength,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  Min,
  validateSync,
} from 'class-validator';
import { DEVELOPMENT_SESSION_SECRET, productionProblems } from './production-checks';

/** The service account password `npm start` and the test stack give the engine; refused in production. */
export const DEVELOPMENT_ENGINE_PASSWORD = 'lotse-development-engine';

const toBool = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;
const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() !== '' ? Number(value) : value;

/**
 * Every setting Lotse reads from its environment, with its default. This class is the only
 * place that knows environment variable names; the rest of the code injects the typed
 * configuration areas of `config.ts`.
 */
export class Environment {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsIn(['debug', 'info', 'warn', 'error', 'silent'])
  LOG_LEVEL: 'debug' | 'info' | 'warn' | 'error' | 'silent' = 'info';

  @IsString()
  HTTP_HOST = '127.0.0.1';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  HTTP_PORT = 3000;

  /** Base URL people use to reach the API/UI, for links in mails. */
  @IsString()
  PUBLIC_URL = 'http://localhost:3000';

  @IsString()
  @IsNotEmpty()
  BODY_LIMIT = '256kb';

  /** Requests a minute one client address may make to `/api` (all API instances together). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 1200;

  /** Requests a minute one signed-in account may make to `/api` (all API instances together). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_ACCOUNT_PER_MINUTE = 600;

  /** Swagger UI and OpenAPI document at `/api/docs`; default: on, except with NODE_ENV=production. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  API_DOCS?: boolean;

  /**
   * Which proxies in front of the API to trust for the client address (Express `trust proxy`):
   * `false` (default, the API faces the clients), `true`, a hop count, or addresses/subnets such
   * as `loopback, 10.0.0.0/8`. Sign-in throttling counts by that address.
   */
  @IsString()
  @IsNotEmpty()
  TRUST_PROXY = 'false';

  /** The built web UI the API serves at `/` (skipped when the folder does not exist). */
  @IsString()
  WEB_DIST = 'apps/web/dist';

  /**
   * The apps' connection: a role that may insert into `audit_entry` but not update, delete or
   * truncate it (made and granted by `migrate`, see DATABASE_OWNER_URL).
   */
  @IsString()
  @IsNotEmpty()
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/lotse';

  /**
   * The owner's connection, for `migrate` only (DDL, then the grants to the user of
   * DATABASE_URL). Default: DATABASE_URL (then the apps run as the owner, refused in production).
   */
  @IsOptional()
  @IsString()
  DATABASE_OWNER_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  DATABASE_POOL_SIZE = 10;

  @IsString()
  @IsNotEmpty()
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of all BullMQ keys, so several installations (or test runs) share one Redis. */
  @IsString()
  @IsNotEmpty()
  QUEUE_PREFIX = 'lotse';

  /** The engine's REST API (Operaton), e.g. `http://127.0.0.1:8090/engine-rest`. */
  @IsString()
  @Matches(/^https?:\/\/.+/)
  ENGINE_URL = 'http://127.0.0.1:8090/engine-rest';

  /** Lotse's service account at the engine (HTTP Basic). */
  @IsString()
  @IsNotEmpty()
  ENGINE_USER = 'lotse';

  /** Its password; the development default is refused in production. */
  @IsString()
  @MinLength(8)
  ENGINE_PASSWORD = DEVELOPMENT_ENGINE_PASSWORD;

  /**
   * The PostgreSQL schema of the engine's tables in Lotse's database; the engine writes its
   * user-task events there (`lotse_task_event`) and the worker projects them into the task list.
   */
  @IsString()
  @Matches(/^[a-z_][a-z0-9_]*$/)
  ENGINE_DB_SCHEMA = 'engine';

  /** How long a call to the engine may take (ms). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  ENGINE_TIMEOUT_MS = 10_000;

  /** Folder with the *.bpmn, *.form and *.dmn files to deploy and to check workers against. */
  @IsString()
  BPMN_DIR = 'bpmn';

  /** Whether this process relays the outbox to the engine (any number of relays may run). */
  @Transform(toBool)
  @IsBoolean()
  OUTBOX_RELAY = true;

  /** Fallback poll interval of the outbox relay; it is woken by NOTIFY right after commits. */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  OUTBOX_POLL_MS = 1000;

  /** Upper bound of the relay's retry backoff while the engine is unreachable. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  OUTBOX_MAX_BACKOFF_MS = 5000;

  /** External tasks a worker runs at once (all topics together). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  WORKER_MAX_TASKS = 32;

  /** How long a worker holds an external task before the engine hands it out again (ms). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  WORKER_LOCK_DURATION_MS = 60_000;

  /** How long one fetch waits at the engine for tasks to appear (long polling, ms). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(300_000)
  WORKER_LONG_POLL_MS = 20_000;

  /** Crash tests only: the worker kills itself right before reporting a task of this topic done. */
  @IsOptional()
  @IsString()
  LOTSE_CRASH_BEFORE_ACK?: string;

  /**
   * Signs session tokens (HS256). With NODE_ENV=production it must be set, at least 32
   * characters and not a known value (see production-checks.ts).
   */
  @IsString()
  @MinLength(16)
  SESSION_SECRET = DEVELOPMENT_SESSION_SECRET;

  /** The demo JBA (accounts with the published password); default on except in production, refused there. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  LOTSE_DEMO_DATA?: boolean;

  /** The initial admin `seed` creates when there is no demo data and no account yet. */
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9._-]{2,63}$/)
  INITIAL_ADMIN_USERNAME?: string;

  /** Its first password (at least 12 characters); it must be changed at the first sign-in. */
  @IsOptional()
  @IsString()
  @MinLength(12)
  INITIAL_ADMIN_PASSWORD?: string;

  /** Its e-mail address, also the contact address of an institution made for it. */
  @IsOptional()
  @IsString()
  INITIAL_ADMIN_EMAIL?: string;

  /** The JBA (and its municipality) the initial admin's institution, a Jugendamt, belongs to. */
  @IsOptional()
  @IsString()
  INITIAL_JBA_NAME?: string;

  @IsOptional()
  @IsString()
  INITIAL_JBA_MUNICIPALITY?: string;

  /** The initial admin's institution (a Jugendamt, coordinating the JBA's conferences). */
  @IsOptional()
  @IsString()
  INITIAL_INSTITUTION_NAME?: string;

  /** Lifetime of a sign-in, e.g. `8h`. */
  @IsString()
  @Matches(/^\d+[smhd]$/)
  SESSION_TTL = '8h';

  /**
   * How long an API instance trusts what it last read of an account (locked? sessions ended?);
   * a locked account's sessions stop working within this time (ms).
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  SESSION_CHECK_TTL_MS = 10_000;

  /** Failed sign-ins for one account from one address before sign-in pauses there. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES = 5;

  /** Failed sign-ins from one address (any account) before sign-in pauses for that address. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_ADDRESS = 50;

  /** How long failed sign-ins are counted, and so the longest pause (seconds). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_FAILURE_WINDOW_SECONDS = 900;

  /** OIDC provider (issuer URL); when set, staff can sign in through it. */
  @IsOptional()
  @IsString()
  OIDC_ISSUER?: string;

  @IsOptional()
  @IsString()
  OIDC_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  OIDC_CLIENT_SECRET?: string;

  /** When true, local passwords are refused: the OIDC provider replaces local accounts. */
  @Transform(toBool)
  @IsBoolean()
  OIDC_ONLY = false;

  @IsString()
  SMTP_HOST = '127.0.0.1';

  @Transform(toInt)
  @IsInt()
  SMTP_PORT = 1025;

  @Transform(toBool)
  @IsBoolean()
  SMTP_SECURE = false;

  @IsOptional()
  @IsString()
  SMTP_USER?: string;

  @IsOptional()
  @IsString()
  SMTP_PASSWORD?: string;

  @IsString()
  MAIL_FROM = 'Lotse <lotse@localhost>';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  MAIL_ATTEMPTS = 8;

  /** How often, and after how long, mails still `queued` are handed to the queue again. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  MAIL_SWEEP_INTERVAL_MS = 30_000;

  /** Address of the internal metrics port (Prometheus `GET /metrics`), never the public one. */
  @IsString()
  @IsNotEmpty()
  METRICS_HOST = '127.0.0.1';

  /** The internal metrics port; default 9464 for the API, 9465 for the worker; 0: any free port. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT?: number;

  /**
   * On SIGTERM/SIGINT an app has this long to stop: the API finishes its in-flight requests, the
   * worker its running tasks and mails (what does not finish is handed back). Keep it below the
   * orchestrator's grace period (compose: stop_grace_period 35s); after it the process exits 1.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  SHUTDOWN_TIMEOUT_MS = 25_000;
}

let cached: { source: NodeJS.ProcessEnv; env: Environment } | undefined;

/** Parses and validates the environment once; throws one error naming every bad variable. */
export function loadEnvironment(source: NodeJS.ProcessEnv = process.env): Environment {
  if (cached && cached.source === source && source !== process.env) return cached.env;
  const raw = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v !== ''),
  );
  const env = plainToInstance(Environment, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) {
    const lines = errors.map(
      (e) =>
        `  ${e.property}=${JSON.stringify(e.value)}: ${Object.values(e.constraints ?? {}).join(', ')}`,
    );
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const refused = productionProblems(env, raw);
  if (refused.length > 0) {
    throw new Error(`Invalid configuration for production:\n  ${refused.join('\n  ')}`);
  }
  cached = { source, env };
  return env;
}
