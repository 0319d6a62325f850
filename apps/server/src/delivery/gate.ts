import { bookSendSlots, type ClaimedDelivery, takeProbes } from '../db/deliveries.ts';
import type { Queryable } from '../db/pool.ts';
import type { JobRef } from './record.ts';

/** Sends to a rate-limited endpoint wait in memory up to this long; beyond it the job is re-queued. */
const MAX_RATE_LIMIT_WAIT_MS = 1000;
/** Jobs of a half-open circuit whose probe is out come back this soon. */
const PROBE_WAIT_MS = 1000;
/** When the rate-limit schedule cannot be read, try again this much later. */
const BOOKING_RETRY_MS = 2000;

const jitterMs = (maxMs: number) => Math.floor(Math.random() * maxMs);

export interface Claimed {
  job: JobRef;
  d: ClaimedDelivery;
}

export interface Gated {
  /** may be sent at `slotAt` (epoch ms); `probe` when it is its half-open circuit's probe */
  going: Array<Claimed & { slotAt: number; probe: boolean }>;
  /** not now: back to the queue for `at` (not an attempt; the job comes back unchanged) */
  waiting: Array<Claimed & { at: number }>;
}

/**
 * Gate stage, between claim and send. Open circuits: nothing goes before the probe time, then one
 * probe per endpoint across all workers (`takeProbes`); the others look again a second later. Rate
 * limits: send slots are booked in the schedule all workers share; a slot more than 1 s away sends
 * the job back for its time. Manual re-sends pass the circuit: an operator asked for them.
 */
export async function gateDeliveries(
  db: Queryable,
  claimed: Claimed[],
  probeHoldSeconds: number,
  onBookingError: (err: unknown) => void,
): Promise<Gated> {
  const now = Date.now();
  const waiting: Gated['waiting'] = [];
  const gated = (c: Claimed) => c.d.circuit_opened_at !== null && c.job.data.t !== 'manual';
  const probeDue = new Set(
    claimed
      .filter((c) => gated(c) && (c.d.circuit_probe_at?.getTime() ?? 0) <= now)
      .map((c) => c.d.endpoint_id),
  );
  const probes = await takeProbes(db, [...probeDue], probeHoldSeconds).catch(() => new Set<string>());
  const passed: Array<Claimed & { probe: boolean }> = [];
  for (const c of claimed) {
    if (!gated(c)) passed.push({ ...c, probe: false });
    else if (probes.delete(c.d.endpoint_id)) passed.push({ ...c, probe: true });
    else {
      const probeAt = c.d.circuit_probe_at?.getTime() ?? now;
      waiting.push({ ...c, at: (probeAt > now ? probeAt : now + PROBE_WAIT_MS) + jitterMs(1000) });
    }
  }

  const limited = new Map<string, number>();
  for (const g of passed)
    if (g.d.rate_limit) limited.set(g.d.endpoint_id, (limited.get(g.d.endpoint_id) ?? 0) + 1);
  let bookings: Awaited<ReturnType<typeof bookSendSlots>> | null = null;
  if (limited.size > 0) {
    // booked in id order: two workers booking the same endpoints never wait on each other in a circle
    const wants = [...limited]
      .map(([endpointId, n]) => ({ endpointId, n }))
      .sort((a, b) => (a.endpointId < b.endpointId ? -1 : 1));
    bookings = await bookSendSlots(db, wants, MAX_RATE_LIMIT_WAIT_MS).catch((err) => {
      onBookingError(err);
      return null;
    });
  }
  const used = new Map<string, number>();
  const going: Gated['going'] = [];
  for (const g of passed) {
    if (!g.d.rate_limit) {
      going.push({ ...g, slotAt: now });
      continue;
    }
    const b = bookings?.get(g.d.endpoint_id);
    const i = used.get(g.d.endpoint_id) ?? 0;
    used.set(g.d.endpoint_id, i + 1);
    if (b && i < b.booked) going.push({ ...g, slotAt: b.first_slot.getTime() + i * b.spacing_ms });
    // a long wait would hold a slot and the lease: give both back and come back when it is due
    else
      waiting.push({
        ...g,
        at: b ? b.first_slot.getTime() + b.booked * b.spacing_ms : now + BOOKING_RETRY_MS,
      });
  }
  return { going, waiting };
}
