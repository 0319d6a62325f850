import type { DeliverJob } from '../queue/boss.ts';

/** An application holding more than this share of the worker's slots is served after the others... */
export const APP_SHARE = 0.5;
/** ...and the last slots (this share) go only to applications holding fewer than that many. */
export const APP_RESERVE = 0.1;

/**
 * Slots held per application in this worker, so that one tenant's backlog across many endpoints cannot
 * take every slot (each endpoint alone is capped by its maxConcurrency in the queue itself). Jobs name
 * only their endpoint: its application is learnt from the first claim and counted from the fetch on.
 */
export function createAppShares() {
  const appOf = new Map<string, string>();
  const jobApp = new Map<string, string>();
  const held = new Map<string, number>();
  const hold = (jobId: string, appId: string) => {
    if (jobApp.has(jobId)) return;
    jobApp.set(jobId, appId);
    held.set(appId, (held.get(appId) ?? 0) + 1);
  };
  return {
    fetched(jobs: Array<{ id: string; data: DeliverJob }>) {
      for (const j of jobs) {
        const app = appOf.get(j.data.e);
        if (app) hold(j.id, app);
      }
    },
    claimed(jobId: string, appId: string, endpointId: string) {
      if (appOf.size > 100_000) appOf.clear();
      appOf.set(endpointId, appId);
      hold(jobId, appId);
    },
    released(jobId: string) {
      const app = jobApp.get(jobId);
      if (!app) return;
      jobApp.delete(jobId);
      const n = (held.get(app) ?? 1) - 1;
      if (n > 0) held.set(app, n);
      else held.delete(app);
    },
    /** endpoints (known here) of the applications holding more than `slots` slots */
    endpointsOver(slots: number): string[] {
      const over = new Set([...held].filter(([, n]) => n > slots).map(([app]) => app));
      if (over.size === 0) return [];
      return [...appOf].filter(([, app]) => over.has(app)).map(([e]) => e);
    },
  };
}
