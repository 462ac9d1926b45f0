import { Inject, Injectable, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import Redis from 'ioredis';
import { createHash } from 'node:crypto';
import {
  authConfig,
  AuthConfig,
  DomainException,
  ErrorCode,
  redisConfig,
  RedisConfig,
  redisOptionsFromUrl,
} from '@lotse/common';
import { LotseMetrics } from '@lotse/metrics';

/** What a sign-in attempt holds until it is known whether the password was right. */
export interface LoginAttempt {
  succeeded(): Promise<void>;
}

/** The longest a sign-in from a busy address waits before its password is checked. */
export const MAX_ADDRESS_DELAY_MS = 10_000;

/** What to do with one sign-in attempt, given the failures counted so far (this one included). */
export type ThrottleDecision =
  { kind: 'go'; delayMs: number } | { kind: 'pause'; retryAfterSeconds: number };

/**
 * The rule. Per account and address: after `maxFailures` failures, sign-in of that account from
 * that address pauses until the window ends (429). Per address: after `maxFailuresPerAddress`
 * failures (any accounts), every further attempt from there waits before its password is
 * checked, 250 ms doubling with each further failure up to MAX_ADDRESS_DELAY_MS, but is never
 * refused: colleagues behind the same address (an office behind NAT) still sign in with the
 * right password, while a source that tries many accounts gets slower and slower.
 */
export function throttleDecision(
  counts: { accountAttempts: number; accountTtlMs: number; addressAttempts: number },
  limits: { maxFailures: number; maxFailuresPerAddress: number },
): ThrottleDecision {
  if (counts.accountAttempts > limits.maxFailures) {
    return { kind: 'pause', retryAfterSeconds: Math.max(1, Math.ceil(counts.accountTtlMs / 1000)) };
  }
  const excess = counts.addressAttempts - limits.maxFailuresPerAddress;
  if (excess <= 0) return { kind: 'go', delayMs: 0 };
  return {
    kind: 'go',
    delayMs: Math.min(MAX_ADDRESS_DELAY_MS, 250 * 2 ** Math.min(excess - 1, 10)),
  };
}

/**
 * Slows down password guessing (see `throttleDecision`). Failed sign-ins are counted in Redis
 * (shared by every API instance) per account and client address, and per address, over a
 * window. Counting per account *and address* keeps a stranger from locking a colleague out from
 * elsewhere; the per-address delay slows one source trying many accounts without locking out
 * the others behind that address.
 *
 * An attempt is counted before the password is checked and taken back when it was right, so
 * parallel guesses cannot slip past the limit. When Redis cannot be reached, sign-in still works
 * (the password hash stays slow) and a warning is logged. Keys hold a hash of the user name,
 * never the name.
 */
@Injectable()
export class LoginThrottle implements OnModuleDestroy {
  private readonly logger = new Logger('LoginThrottle');
  private redis?: Redis;

  constructor(
    @Inject(authConfig.KEY) private readonly auth: AuthConfig,
    @Inject(redisConfig.KEY) private readonly redisSettings: RedisConfig,
    @Optional() private readonly metrics: LotseMetrics = LotseMetrics.detached(),
  ) {}

  async begin(username: string, address: string | undefined): Promise<LoginAttempt> {
    const { maxFailures, maxFailuresPerAddress, windowSeconds } = this.auth.loginThrottle;
    const where = address || 'unknown';
    const accountKey = this.key(
      'account',
      createHash('sha256').update(`${username}\n${where}`).digest('hex'),
    );
    const addressKey = this.key('address', where);
    let counts: [number, number, number, number];
    try {
      const replies = await this.client()
        .multi()
        .set(accountKey, 0, 'EX', windowSeconds, 'NX')
        .incr(accountKey)
        .pttl(accountKey)
        .set(addressKey, 0, 'EX', windowSeconds, 'NX')
        .incr(addressKey)
        .pttl(addressKey)
        .exec();
      const value = (i: number) => {
        const [err, reply] = replies?.[i] ?? [new Error('no reply')];
        if (err) throw err;
        return Number(reply);
      };
      counts = [value(1), value(2), value(4), value(5)];
    } catch (e) {
      this.logger.warn({
        msg: 'sign-in throttling unavailable; signing in without it',
        error: (e as Error).message,
      });
      return { succeeded: async () => undefined };
    }
    const [accountAttempts, accountTtlMs, addressAttempts] = counts;
    const decision = throttleDecision(
      { accountAttempts, accountTtlMs, addressAttempts },
      { maxFailures, maxFailuresPerAddress },
    );
    if (decision.kind === 'pause') {
      const { retryAfterSeconds } = decision;
      this.metrics.signInThrottled.inc({ kind: 'paused' });
      if (accountAttempts === maxFailures + 1) {
        this.logger.warn({ msg: 'sign-in paused after repeated failures', retryAfterSeconds });
      }
      throw new DomainException(
        ErrorCode.TOO_MANY_REQUESTS,
        `Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in ${minutes(retryAfterSeconds)} erneut.`,
        [],
        retryAfterSeconds,
      );
    }
    if (decision.delayMs > 0) {
      this.metrics.signInThrottled.inc({ kind: 'delayed' });
      if (addressAttempts === maxFailuresPerAddress + 1) {
        this.logger.warn({ msg: 'sign-in slowed down for an address after repeated failures' });
      }
      await new Promise((r) => setTimeout(r, decision.delayMs));
    }
    return {
      succeeded: async () => {
        // A successful sign-in clears the account's failures and takes its own attempt back.
        await this.client()
          .multi()
          .del(accountKey)
          .decr(addressKey)
          .exec()
          .catch(() => undefined);
      },
    };
  }

  async onModuleDestroy() {
    this.redis?.disconnect();
  }

  private key(scope: 'account' | 'address', id: string) {
    return `${this.redisSettings.prefix}:login-failures:${scope}:${id}`;
  }

  /** Connected on first use: processes that never sign anyone in (the worker) open no connection. */
  private client(): Redis {
    if (!this.redis) {
      this.redis = new Redis({
        ...redisOptionsFromUrl(this.redisSettings.url),
        lazyConnect: true,
        maxRetriesPerRequest: 1,
        commandTimeout: 1000,
        connectionName: 'lotse-login-throttle',
      });
      this.redis.on('error', () => undefined);
    }
    return this.redis;
  }
}

function minutes(seconds: number): string {
  const m = Math.ceil(seconds / 60);
  return m === 1 ? 'einer Minute' : `${m} Minuten`;
}
