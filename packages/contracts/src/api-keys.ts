import { z } from 'zod';
import { isoDate } from './common.ts';

export const apiKeyIn = z.strictObject({
  name: z.string().min(1).max(256),
  app: z
    .string()
    .min(1)
    .max(256)
    .optional()
    .describe('Application id or uid: the key reaches that application only'),
});
export type ApiKeyIn = z.infer<typeof apiKeyIn>;

export const apiKey = z.object({
  id: z.string(),
  name: z.string(),
  app: z.string().nullable(),
  createdAt: isoDate,
});
export type ApiKey = z.infer<typeof apiKey>;

export const apiKeyCreated = apiKey.extend({ key: z.string().describe('Shown once') });
