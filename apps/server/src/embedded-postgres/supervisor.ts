import { setTimeout as sleep } from 'node:timers/promises';
import { type Server, stopServer } from './server-process.ts';

/** Restarts of a server that died back off from the first delay to the last, doubling. */
const RESTART_FIRST_MS = 500;
const RESTART_MAX_MS = 10_000;

/**
 * Keeps the postmaster running: one that exits while nobody asked it to (kill -9, a crash) is started
 * again on the same port and data dir, so pooled connections reconnect to the same URL. A failed restart
 * is retried with a backoff; nothing is restarted once stop() was called.
 */
export function supervise(
  first: Server,
  steps: { prepare: () => Promise<void>; spawn: () => Server; ready: (server: Server) => Promise<void> },
  warn: (msg: string) => void,
): { stop: () => Promise<void> } {
  let current = first;
  let restarting: Promise<void> = Promise.resolve();
  const stopped = new AbortController();

  const restart = async () => {
    for (let failures = 0; ; failures++) {
      const t0 = performance.now();
      try {
        await steps.prepare();
        // checked right before the spawn, in the same turn: stop() then kills whatever `current` is
        if (stopped.signal.aborted) return;
        current = steps.spawn();
        await steps.ready(current);
        warn(`embedded PostgreSQL restarted (${Math.round(performance.now() - t0)} ms)`);
        watch(current);
        return;
      } catch (err) {
        await stopServer(current);
        if (stopped.signal.aborted) return;
        const delay = Math.min(RESTART_MAX_MS, RESTART_FIRST_MS * 2 ** failures);
        warn(`embedded PostgreSQL restart failed (${(err as Error).message}); retrying in ${delay} ms`);
        await sleep(delay, undefined, { signal: stopped.signal }).catch(() => {});
        if (stopped.signal.aborted) return;
      }
    }
  };
  const watch = (server: Server) => {
    void server.exited.then(() => {
      if (stopped.signal.aborted) return;
      const { signalCode, exitCode } = server.child;
      warn(
        `embedded PostgreSQL exited unexpectedly (${signalCode ? `signal ${signalCode}` : `code ${exitCode}`}); restarting`,
      );
      restarting = restart();
    });
  };
  watch(first);

  return {
    async stop() {
      stopped.abort();
      await stopServer(current);
      // a restart under way gives up at its next step; the server it may have spawned is `current` by then
      await restarting;
      await stopServer(current);
    },
  };
}
