import { z } from 'zod';
import { isoDate, metadata, retrySchedule, uid } from './common.ts';

export const applicationIn = z.strictObject({
  name: z.string().min(1).max(256),
  uid: uid.optional(),
  metadata: metadata.optional(),
  retrySchedule: retrySchedule.optional(),
  retentionDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .optional()
    .describe("days messages are kept; default the server's"),
});
export type ApplicationIn = z.infer<typeof applicationIn>;

export const applicationPatch = z.strictObject({
  name: z.string().min(1).max(256).optional(),
  uid: uid.nullable().optional(),
  metadata: metadata.optional(),
  retrySchedule: retrySchedule.nullable().optional(),
  retentionDays: z.number().int().min(1).max(3650).nullable().optional(),
});
export type ApplicationPatch = z.infer<typeof applicationPatch>;

export const application = z.object({
  id: z.string(),
  uid: z.string().nullable(),
  name: z.string(),
  metadata,
  retrySchedule: retrySchedule.nullable(),
  retentionDays: z.number().int().nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type Application = z.infer<typeof application>;
