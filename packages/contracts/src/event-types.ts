import { z } from 'zod';
import { eventTypeName, isoDate } from './common.ts';

export const eventTypeIn = z.strictObject({
  name: eventTypeName,
  description: z.string().max(4096).optional(),
  schema: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('JSON Schema that payloads of this type must satisfy'),
});
export type EventTypeIn = z.infer<typeof eventTypeIn>;

export const eventType = z.object({
  name: z.string(),
  description: z.string(),
  schema: z.record(z.string(), z.unknown()).nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type EventType = z.infer<typeof eventType>;
