import { z } from 'zod';
import { isoDate } from './common.ts';

export const jobStatus = z.enum(['queued', 'running', 'completed', 'failed', 'cancelled']);

/** A long-running platform operation (recover, replay, export) with progress. */
export const job = z.object({
  id: z.string(),
  appId: z.string().nullable().describe('the application the job works on'),
  type: z.string(),
  status: jobStatus,
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  result: z.unknown(),
  params: z
    .record(z.string(), z.unknown())
    .describe(
      'what the job works on, as it was started: its window (since, until) and target (endpointId, eventTypes, format, failedOnly)',
    ),
  error: z.string().nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type Job = z.infer<typeof job>;

export const recoverIn = z.strictObject({
  since: z.iso.datetime({ offset: true }).describe('Re-send deliveries of messages published from this time'),
  until: z.iso.datetime({ offset: true }).optional().describe('... up to this time (default: now)'),
});
export type RecoverIn = z.infer<typeof recoverIn>;

export const recoverPreview = z.object({ count: z.number().int() });
export const recoverStarted = z.object({ job, count: z.number().int() });

export const portalAccessIn = z.strictObject({
  expiresIn: z
    .number()
    .int()
    .min(60)
    .max(7 * 86400)
    .optional()
    .describe('seconds; default 3600'),
});
export const portalAccess = z.object({ token: z.string(), url: z.string(), expiresAt: isoDate });

/** The operator's branding of the portal (HERALD_PORTAL_NAME, _LOGO_URL, _COLOR); null fields: Herald's own. */
export const portalBranding = z.object({
  name: z.string().nullable(),
  logoUrl: z.string().nullable(),
  color: z.string().nullable(),
});
export type PortalBranding = z.infer<typeof portalBranding>;

export const whoami = z.object({
  keyId: z.string(),
  app: z.string().nullable(),
  root: z.boolean(),
  /** the key came from a portal link */
  portal: z.boolean(),
  branding: portalBranding,
});
export type Whoami = z.infer<typeof whoami>;

export const replayIn = z.strictObject({
  since: z.iso.datetime({ offset: true }),
  until: z.iso.datetime({ offset: true }).optional(),
  eventTypes: z.array(z.string().min(1).max(256)).max(50).optional(),
  endpoint: z.string().min(1).max(256).optional().describe('only this endpoint (id or uid)'),
  failedOnly: z
    .boolean()
    .optional()
    .describe(
      'only deliveries that failed for good (to `endpoint` when given): nothing that succeeded is sent again',
    ),
});
export type ReplayIn = z.infer<typeof replayIn>;

export const exportIn = z.strictObject({
  since: z.iso.datetime({ offset: true }),
  until: z.iso.datetime({ offset: true }).optional(),
  format: z.enum(['ndjson', 'csv']).default('ndjson'),
});
export type ExportIn = z.infer<typeof exportIn>;
