import { z } from 'zod';
import { isoDate } from './common.ts';

/** One Herald process as the service registry knows it (GET /v1/cluster). */
export const instance = z.object({
  id: z.string().describe('inst_…, new at every start'),
  role: z.enum(['api', 'worker', 'all']).describe('all: `herald start` (api and worker in one process)'),
  version: z.string(),
  host: z.string(),
  pid: z.number().int(),
  startedAt: isoDate,
  lastSeenAt: isoDate.describe('its last heartbeat'),
  inFlight: z.number().int().describe('deliveries in flight at its last heartbeat'),
  status: z
    .enum(['up', 'gone'])
    .describe('gone: stopped, or no heartbeat for HERALD_INSTANCE_GONE_AFTER_MS (a crash)'),
  stoppedAt: isoDate.nullable().describe('when it stopped gracefully; null while up or after a crash'),
});
export type Instance = z.infer<typeof instance>;

export const cluster = z.object({ data: z.array(instance) });
export type Cluster = z.infer<typeof cluster>;
