import type { Context } from '../context.ts';
import { openCircuits } from '../db/deliveries.ts';

/** How often the list of open circuits (whose jobs stay in the queue) is re-read. */
const CIRCUIT_REFRESH_MS = 1000;

/**
 * Open circuits: their endpoints' jobs are left in the queue (ignoreGroups) until a probe may go. Read
 * every second, and told at once by the recorder when a circuit opens here.
 */
export function createCircuitWatch(ctx: Context) {
  const open = new Map<string, number>();
  const refresh = async () => {
    try {
      const rows = await openCircuits(ctx.pool);
      open.clear();
      for (const r of rows) open.set(r.id, r.probe_at.getTime());
    } catch {
      // the database is away: keep the last list; the claim re-checks each circuit anyway
    }
  };
  const timer = setInterval(() => void refresh(), CIRCUIT_REFRESH_MS);
  timer.unref();
  return {
    refresh,
    opened(endpointId: string, probeAt: Date) {
      open.set(endpointId, probeAt.getTime());
    },
    /** endpoints whose jobs must not be fetched now */
    closedTo(now: number): string[] {
      return [...open].filter(([, at]) => at > now).map(([id]) => id);
    },
    stop: () => clearInterval(timer),
  };
}
