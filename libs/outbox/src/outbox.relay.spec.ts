import { relayBackoffMs, waitingMessageBackoffMs } from './outbox.relay';

describe('outbox retry back-off', () => {
  it('retries an engine outage quickly, capped at the configured maximum', () => {
    expect([0, 1, 2, 3, 4, 5].map((n) => relayBackoffMs(n, 5000))).toEqual([
      250, 500, 1000, 2000, 4000, 5000,
    ]);
  });

  it('offers a message nobody waits for soon at first, then at most once a minute', () => {
    expect(waitingMessageBackoffMs(0, 5000)).toBe(250);
    expect(waitingMessageBackoffMs(4, 5000)).toBe(4000);
    expect(waitingMessageBackoffMs(6, 5000)).toBe(16000);
    expect(waitingMessageBackoffMs(20, 5000)).toBe(60000);
    // a relay configured for longer pauses keeps them
    expect(waitingMessageBackoffMs(20, 120_000)).toBe(120_000);
  });
});
