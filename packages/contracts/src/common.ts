import { z } from 'zod';

/** A user-chosen identifier that works wherever an id does. */
export const uid = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[a-zA-Z0-9\-_.]+$/, 'only letters, digits, "-", "_" and "."');

export const metadata = z.record(z.string(), z.string()).describe('Free-form string pairs kept for you');

export const isoDate = z.string().describe('ISO-8601 timestamp');

export const eventTypeName = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[a-zA-Z0-9\-_.]+$/, 'like "invoice.paid": letters, digits, "-", "_" and "."');

export const channel = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-zA-Z0-9\-_.:]+$/, 'letters, digits, "-", "_", "." and ":"');

/** Seconds between attempts after the first. */
export const retrySchedule = z
  .array(
    z
      .number()
      .int()
      .min(0)
      .max(7 * 86400),
  )
  .max(30)
  .describe('Seconds between attempts after the first, e.g. [5, 300]');

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(250).default(50),
  iterator: z.string().min(1).max(512).optional(),
});
export type ListQuery = z.infer<typeof listQuery>;

export function listResponse<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    iterator: z.string().nullable(),
    done: z.boolean(),
  });
}
export interface ListResponse<T> {
  data: T[];
  iterator: string | null;
  done: boolean;
}
