/**
 * Spaces sends to one endpoint at most `perSecond` apart (a virtual-schedule limiter: each send books
 * the next free slot). Per worker process: N workers allow up to N x the rate.
 */
export function createRateLimiter(now: () => number = Date.now) {
  const nextFree = new Map<string, number>();
  let sweeps = 0;

  return {
    /**
     * Milliseconds to wait before this send may go. The slot is booked only when the wait is at most
     * `maxWaitMs`; a longer wait is returned unbooked (the caller re-queues the job for later).
     */
    reserve(
      key: string,
      perSecond: number | null,
      maxWaitMs = Number.POSITIVE_INFINITY,
    ): { waitMs: number; booked: boolean } {
      if (!perSecond) return { waitMs: 0, booked: true };
      const t = now();
      const slot = Math.max(t, nextFree.get(key) ?? 0);
      if (slot - t > maxWaitMs) return { waitMs: slot - t, booked: false };
      nextFree.set(key, slot + 1000 / perSecond);
      if (++sweeps % 10_000 === 0) {
        for (const [k, v] of nextFree) if (v < t) nextFree.delete(k);
      }
      return { waitMs: slot - t, booked: true };
    },
  };
}
