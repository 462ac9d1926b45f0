import { Logger } from '@nestjs/common';
import { LoginThrottle, MAX_ADDRESS_DELAY_MS, throttleDecision } from './login-throttle.service';

describe('LoginThrottle', () => {
  it('lets sign-in go on, unthrottled, when Redis cannot be reached', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const throttle = new LoginThrottle(
      { loginThrottle: { maxFailures: 1, maxFailuresPerAddress: 1, windowSeconds: 60 } } as never,
      { url: 'redis://127.0.0.1:1', prefix: 'lotse-unit' } as never,
    );
    try {
      for (let i = 0; i < 3; i++) {
        const attempt = await throttle.begin('jc.sachbearbeitung', '198.51.100.7');
        await expect(attempt.succeeded()).resolves.toBeUndefined();
      }
      expect(warn).toHaveBeenCalledWith(
        expect.objectContaining({ msg: 'sign-in throttling unavailable; signing in without it' }),
      );
    } finally {
      await throttle.onModuleDestroy();
      warn.mockRestore();
    }
  });
});

describe('throttleDecision', () => {
  const limits = { maxFailures: 5, maxFailuresPerAddress: 50 };
  const decide = (accountAttempts: number, addressAttempts: number) =>
    throttleDecision({ accountAttempts, accountTtlMs: 840_500, addressAttempts }, limits);

  it('lets attempts go at once below both limits', () => {
    expect(decide(1, 1)).toEqual({ kind: 'go', delayMs: 0 });
    expect(decide(5, 50)).toEqual({ kind: 'go', delayMs: 0 });
  });

  it('pauses an account at an address after its failures, for the rest of the window', () => {
    expect(decide(6, 6)).toEqual({ kind: 'pause', retryAfterSeconds: 841 });
    expect(decide(6, 500)).toEqual({ kind: 'pause', retryAfterSeconds: 841 });
  });

  it('never pauses a busy address, only slows it down, more with every failure, up to a cap', () => {
    expect(decide(1, 51)).toEqual({ kind: 'go', delayMs: 250 });
    expect(decide(1, 52)).toEqual({ kind: 'go', delayMs: 500 });
    expect(decide(1, 53)).toEqual({ kind: 'go', delayMs: 1000 });
    expect(decide(1, 56)).toEqual({ kind: 'go', delayMs: 8000 });
    expect(decide(1, 57)).toEqual({ kind: 'go', delayMs: MAX_ADDRESS_DELAY_MS });
    expect(decide(1, 100_000)).toEqual({ kind: 'go', delayMs: MAX_ADDRESS_DELAY_MS });
  });
});
