import type { Environment } from './env';

/** The built-in development secret (refused with NODE_ENV=production). */
export const DEVELOPMENT_SESSION_SECRET = 'lotse-development-secret-change-me';

/** Secrets that were ever published (defaults, examples, the test stack's): never in production. */
const KNOWN_SECRETS = [
  DEVELOPMENT_SESSION_SECRET,
  'change-me-to-a-long-random-string-in-production',
  'lotse-test-session-secret-0123456789',
];

export const MIN_SESSION_SECRET_LENGTH = 32;

/**
 * What NODE_ENV=production refuses (the apps do not boot): a session secret that is not set
 * explicitly, shorter than 32 characters, a known literal or obviously guessable; demo data.
 * `raw` is the environment as given (to tell an explicit value from a default).
 */
export function productionProblems(env: Environment, raw: Record<string, unknown>): string[] {
  if (env.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  const secret = typeof raw.SESSION_SECRET === 'string' ? raw.SESSION_SECRET : '';
  if (!secret) {
    problems.push('SESSION_SECRET: must be set in production (a long random value)');
  } else if (secret.length < MIN_SESSION_SECRET_LENGTH) {
    problems.push(`SESSION_SECRET: at least ${MIN_SESSION_SECRET_LENGTH} characters in production`);
  } else if (
    KNOWN_SECRETS.includes(secret) ||
    /change-?me|changeme|example|secret|password|lotse/i.test(secret) ||
    new Set(secret).size < 10
  ) {
    problems.push(
      'SESSION_SECRET: a known or guessable value; use a random one (e.g. `openssl rand -base64 48`)',
    );
  }
  if (env.LOTSE_DEMO_DATA === true) {
    problems.push('LOTSE_DEMO_DATA: demo accounts (published password) are refused in production');
  }
  return problems;
}
