import { ConfigType, registerAs } from '@nestjs/config';
import { DEVELOPMENT_ENGINE_PASSWORD, loadEnvironment } from './env';
import { DEVELOPMENT_SESSION_SECRET } from './production-checks';

export const httpConfig = registerAs('http', () => {
  const env = loadEnvironment();
  return {
    host: env.HTTP_HOST,
    port: env.HTTP_PORT,
    publicUrl: env.PUBLIC_URL.replace(/\/$/, ''),
    bodyLimit: env.BODY_LIMIT,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
    rateLimitPerAccountPerMinute: env.RATE_LIMIT_PER_ACCOUNT_PER_MINUTE,
    apiDocs: env.API_DOCS ?? env.NODE_ENV !== 'production',
    webDist: env.WEB_DIST,
    trustProxy: trustProxyOf(env.TRUST_PROXY),
  };
});

/** Express' `trust proxy` value from its setting: a boolean, a hop count, or addresses. */
export function trustProxyOf(value: string): boolean | number | string {
  const v = value.trim().toLowerCase();
  if (v === 'false' || v === '0') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return value.trim();
}

export const databaseConfig = registerAs('database', () => {
  const env = loadEnvironment();
  return {
    url: env.DATABASE_URL,
    ownerUrl: env.DATABASE_OWNER_URL ?? env.DATABASE_URL,
    poolSize: env.DATABASE_POOL_SIZE,
    production: env.NODE_ENV === 'production',
  };
});

export const redisConfig = registerAs('redis', () => {
  const env = loadEnvironment();
  return { url: env.REDIS_URL, prefix: env.QUEUE_PREFIX };
});

export const engineConfig = registerAs('engine', () => {
  const env = loadEnvironment();
  return {
    url: env.ENGINE_URL.replace(/\/$/, ''),
    user: env.ENGINE_USER,
    password: env.ENGINE_PASSWORD,
    defaultPassword: env.ENGINE_PASSWORD === DEVELOPMENT_ENGINE_PASSWORD,
    production: env.NODE_ENV === 'production',
    dbSchema: env.ENGINE_DB_SCHEMA,
    timeoutMs: env.ENGINE_TIMEOUT_MS,
    bpmnDir: env.BPMN_DIR,
    maxTasks: env.WORKER_MAX_TASKS,
    lockDurationMs: env.WORKER_LOCK_DURATION_MS,
    longPollMs: env.WORKER_LONG_POLL_MS,
    crashBeforeAck: env.LOTSE_CRASH_BEFORE_ACK,
  };
});

export const outboxConfig = registerAs('outbox', () => {
  const env = loadEnvironment();
  return {
    relay: env.OUTBOX_RELAY,
    pollMs: env.OUTBOX_POLL_MS,
    maxBackoffMs: env.OUTBOX_MAX_BACKOFF_MS,
  };
});

export const mailConfig = registerAs('mail', () => {
  const env = loadEnvironment();
  return {
    host: env.SMTP_HOST,
    port: env.SMTP_PORT,
    secure: env.SMTP_SECURE,
    user: env.SMTP_USER,
    password: env.SMTP_PASSWORD,
    from: env.MAIL_FROM,
    attempts: env.MAIL_ATTEMPTS,
    sweepIntervalMs: env.MAIL_SWEEP_INTERVAL_MS,
  };
});

export const authConfig = registerAs('auth', () => {
  const env = loadEnvironment();
  const publicUrl = env.PUBLIC_URL.replace(/\/$/, '');
  return {
    sessionSecret: env.SESSION_SECRET,
    sessionTtl: env.SESSION_TTL,
    secureCookie: publicUrl.startsWith('https://'),
    defaultSecret: env.SESSION_SECRET === DEVELOPMENT_SESSION_SECRET,
    production: env.NODE_ENV === 'production',
    sessionCheckTtlMs: env.SESSION_CHECK_TTL_MS,
    loginThrottle: {
      maxFailures: env.LOGIN_MAX_FAILURES,
      maxFailuresPerAddress: env.LOGIN_MAX_FAILURES_PER_ADDRESS,
      windowSeconds: env.LOGIN_FAILURE_WINDOW_SECONDS,
    },
    oidc: env.OIDC_ISSUER
      ? {
          issuer: env.OIDC_ISSUER.replace(/\/$/, ''),
          clientId: env.OIDC_CLIENT_ID ?? '',
          clientSecret: env.OIDC_CLIENT_SECRET ?? '',
          redirectUrl: `${publicUrl}/api/v1/auth/oidc/callback`,
          only: env.OIDC_ONLY,
        }
      : null,
  };
});

export const logConfig = registerAs('log', () => ({ level: loadEnvironment().LOG_LEVEL }));

export type HttpConfig = ConfigType<typeof httpConfig>;
export type DatabaseConfig = ConfigType<typeof databaseConfig>;
export type RedisConfig = ConfigType<typeof redisConfig>;
export type EngineConfig = ConfigType<typeof engineConfig>;
export type OutboxConfig = ConfigType<typeof outboxConfig>;
export type MailConfig = ConfigType<typeof mailConfig>;
export type AuthConfig = ConfigType<typeof authConfig>;

export const allConfigs = [
  httpConfig,
  databaseConfig,
  redisConfig,
  engineConfig,
  outboxConfig,
  mailConfig,
  authConfig,
  logConfig,
];
