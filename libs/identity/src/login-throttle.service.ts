import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
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

/** What a sign-in attempt holds until it is known whether the password was right. */
export interface LoginAttempt {
  succeeded(): Promise<void>;
}

/**
 * Slows down password guessing. Failed sign-ins are counted in Redis (shared by every API
 * instance) per account and client address, and per address, over a window; when either count
 * is reached, sign-in from that address pauses (429 with `Retry-After`) until the window ends.
 * Counting per account *and address* keeps a stranger from locking a colleague out from
 * elsewhere; the per-address count stops one source trying many accounts.
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
    const [accountAttempts, accountTtl, addressAttempts, addressTtl] = counts;
    const overAccount = accountAttempts > maxFailures;
    const overAddress = addressAttempts > maxFailuresPerAddress;
    if (overAccount || overAddress) {
      const retryAfterSeconds = Math.max(
        1,
        Math.ceil(Math.max(overAccount ? accountTtl : 0, overAddress ? addressTtl : 0) / 1000),
      );
      if (accountAttempts === maxFailures + 1 || addressAttempts === maxFailuresPerAddress + 1) {
        this.logger.warn({
          msg: 'sign-in paused after repeated failures',
          scope: overAccount ? 'account' : 'address',
          retryAfterSeconds,
        });
      }
      throw new DomainException(
        ErrorCode.TOO_MANY_REQUESTS,
        `Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in ${minutes(retryAfterSeconds)} erneut.`,
        [],
        retryAfterSeconds,
      );
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
