import { hostname } from 'node:os';
import type { Instance } from '@herald/contracts';
import type { Logger } from 'pino';
import { beat, insertInstance, markStopped, pruneInstances } from '../db/instances.ts';
import { type Pool, throttledErrorLog } from '../db/pool.ts';
import { newId } from '../ids.ts';
import { version } from '../version.ts';

/** Instances silent this long are deleted (by any other instance's heartbeat, now and then). */
const FORGET_AFTER_SECONDS = 24 * 3600;

export interface Registration {
  readonly id: string;
  /** The row says stopped; no more heartbeats. */
  stop(): Promise<void>;
}

/**
 * The service registry's side of one process: its row at start, a heartbeat every `intervalMs` with
 * the deliveries it has in flight, `stopped_at` on a graceful stop. A heartbeat that fails (the
 * database away) is logged now and then and tried again at the next tick: it never stops the process.
 */
export async function register(opts: {
  pool: Pool;
  role: Instance['role'];
  intervalMs: number;
  inFlight: () => number;
  log: Logger;
}): Promise<Registration> {
  const me = { id: newId('inst'), role: opts.role, version, host: hostname(), pid: process.pid };
  await insertInstance(opts.pool, me);
  const warn = throttledErrorLog(opts.log, 'service registry heartbeat failed');
  let timer: NodeJS.Timeout | null = null;
  let beats = 0;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = (async () => {
      try {
        await beat(opts.pool, { ...me, inFlight: opts.inFlight() });
        // about once an hour per instance at the default interval
        if (++beats % 720 === 0) await pruneInstances(opts.pool, FORGET_AFTER_SECONDS);
      } catch (err) {
        warn(err);
      }
    })();
    void running.then(() => {
      if (timer) timer = setTimeout(tick, opts.intervalMs).unref();
    });
  };
  timer = setTimeout(tick, opts.intervalMs).unref();
  return {
    id: me.id,
    async stop() {
      if (!timer) return;
      clearTimeout(timer);
      timer = null;
      await running;
      await markStopped(opts.pool, me.id).catch((err: unknown) => warn(err));
    },
  };
}
