/**
 * Spaces sends to one endpoint at most `perSecond` apart (a virtual-schedule limiter: each send books
 * the next free slot). Per worker process: N workers allow up to N x the rate.
 */
export function createRateLimiter(now: () => number = Date.now) {
  const nextFree = new Map<string, number>();
  let sweeps = 0;

  return {
    /** Milliseconds to wait before this send may go; books the slot. */
    reserve(key: string, perSecond: number | null): number {
      if (!perSecond) return 0;
      const t = now();
      const slot = Math.max(t, nextFree.get(key) ?? 0);
      nextFree.set(key, slot + 1000 / perSecond);
      if (++sweeps % 10_000 === 0) {
        for (const [k, v] of nextFree) if (v < t) nextFree.delete(k);
      }
      return slot - t;
    },
  };
}
