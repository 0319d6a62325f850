import { describe, expect, it } from 'vitest';
import { BrokerUnavailableError, createLink } from './link.ts';
import { trackConnection } from './state.ts';

describe('broker link', () => {
  it('connects once for concurrent callers, backs off after a failure, and reconnects by itself', async () => {
    let opens = 0;
    let fail = true;
    const tracked = trackConnection('redis', 'destination', 'test://link');
    const link = createLink<{ n: number }>({
      open: async () => {
        opens++;
        if (fail) throw new Error('connection refused');
        return { n: opens };
      },
      shut: async () => {},
      tracked,
      describe: (e) => (e as Error).message,
      minMs: 50,
      maxMs: 200,
    });
    await expect(Promise.all([link.get(), link.get()])).rejects.toThrow('connection refused');
    expect(opens).toBe(1);
    expect(tracked.state()).toMatchObject({ status: 'down', lastError: 'connection refused' });
    // during the backoff a caller fails at once, without a connect
    await expect(link.get()).rejects.toThrow(BrokerUnavailableError);
    expect(opens).toBe(1);
    fail = false;
    // the background retry reconnects without any caller
    const deadline = Date.now() + 2000;
    while (tracked.state().status !== 'connected' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    expect(tracked.state().status).toBe('connected');
    const c = await link.get();
    expect(c.n).toBe(opens);
    // a lost connection is reopened after the backoff
    link.lost(c, new Error('socket closed'));
    expect(tracked.state()).toMatchObject({ status: 'down', lastError: 'socket closed' });
    while (tracked.state().status !== 'connected' && Date.now() < deadline + 2000)
      await new Promise((r) => setTimeout(r, 10));
    expect((await link.get()).n).toBeGreaterThan(c.n);
    await link.close();
    await expect(link.get()).rejects.toThrow('closed');
  });
});
