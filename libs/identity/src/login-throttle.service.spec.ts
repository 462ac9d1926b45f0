import { Logger } from '@nestjs/common';
import { LoginThrottle } from './login-throttle.service';

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
