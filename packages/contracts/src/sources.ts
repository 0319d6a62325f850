import { z } from 'zod';
import { eventTypeName, isoDate, uid } from './common.ts';

export const sourceVerificationType = z.enum([
  'none',
  'hmac-sha256',
  'standard-webhooks',
  'github',
  'stripe',
]);

const headerName = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, 'not a valid header name');

export const sourceVerificationIn = z
  .strictObject({
    type: sourceVerificationType,
    secret: z.string().min(1).max(1024).optional().describe('required for every type but "none"'),
    header: headerName.optional().describe('hmac-sha256 only: the signature header (default x-signature)'),
  })
  .superRefine((v, ctx) => {
    if (v.type !== 'none' && v.secret === undefined)
      ctx.addIssue({ code: 'custom', path: ['secret'], message: `is required for type ${v.type}` });
    if (v.header !== undefined && v.type !== 'hmac-sha256')
      ctx.addIssue({ code: 'custom', path: ['header'], message: 'applies to type hmac-sha256 only' });
  });

/** Where the event type of an inbound request comes from: a header, a dotted path in the body, or fixed. */
export const sourceEventType = z.union([
  z.strictObject({ header: headerName }),
  z.strictObject({
    bodyPath: z
      .string()
      .min(1)
      .max(512)
      .regex(/^[^.]+(\.[^.]+)*$/, 'a dotted path such as "data.type"'),
  }),
  z.strictObject({ fixed: eventTypeName }),
]);
export type SourceEventType = z.infer<typeof sourceEventType>;

export const sourceIn = z.strictObject({
  name: z.string().min(1).max(256),
  uid: uid.optional(),
  verification: sourceVerificationIn,
  eventType: sourceEventType,
});
export type SourceIn = z.infer<typeof sourceIn>;

export const source = z.object({
  id: z.string(),
  appId: z.string(),
  uid: z.string().nullable(),
  name: z.string(),
  verification: z.object({
    type: sourceVerificationType,
    header: z.string().nullable().describe('the header carrying the signature; null for "none"'),
  }),
  eventType: sourceEventType,
  ingestUrl: z.string().describe('where the provider sends its webhooks: POST, no API key'),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type Source = z.infer<typeof source>;

export const sourceRequest = z.object({
  id: z.string(),
  receivedAt: isoDate,
  headers: z.record(z.string(), z.string()),
  body: z.string().describe('the body as text, its first 64 KiB'),
  truncated: z.boolean(),
  status: z.enum(['accepted', 'rejected']),
  error: z.string().nullable(),
  messageId: z.string().nullable(),
});
export type SourceRequest = z.infer<typeof sourceRequest>;

export const ingestAccepted = z.object({ messageId: z.string() });
