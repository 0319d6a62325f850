import { z } from 'zod';
import { channel, eventTypeName, isoDate } from './common.ts';

/** How deeply a payload may nest objects and arrays. Far deeper input overflowed JSON.stringify (a 500). */
export const MAX_PAYLOAD_DEPTH = 128;

/** Whether objects and arrays in `value` nest at most `limit` deep; iterative, so deep input cannot overflow it. */
export function withinDepth(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > limit) return false;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return true;
}

export const messageIn = z.strictObject({
  eventType: eventTypeName,
  payload: z
    .record(z.string(), z.unknown())
    .refine((p) => withinDepth(p, MAX_PAYLOAD_DEPTH), `must not nest deeper than ${MAX_PAYLOAD_DEPTH} levels`)
    .describe('Any JSON object; subscribers receive it as "data"'),
  eventId: z
    .string()
    .min(1)
    .max(256)
    .optional()
    .describe('Your id for this event: a repeat within 24 h returns the first message and sends nothing'),
  channels: z.array(channel).max(10).optional(),
});
export type MessageIn = z.infer<typeof messageIn>;

export const messageBatchIn = z.strictObject({ messages: z.array(messageIn).min(1).max(1000) });

export const message = z.object({
  id: z.string(),
  eventType: z.string(),
  eventId: z.string().nullable(),
  channels: z.array(z.string()),
  payload: z.unknown(),
  timestamp: isoDate,
  /** x-request-id of the request that published it (null for messages published by Herald itself) */
  requestId: z.string().nullable(),
});
export type Message = z.infer<typeof message>;

export const deliveryStatus = z.enum(['pending', 'sending', 'succeeded', 'failed']);
export type DeliveryStatus = z.infer<typeof deliveryStatus>;

/** `responseStatus=`: one code, a class of codes, or "none" (the last attempt got no HTTP answer). */
export const responseStatusFilter = z
  .string()
  .regex(/^([1-5][0-9][0-9]|[1-5]xx|none)$/, 'must be an HTTP status (503), a class (5xx) or "none"');

export const messageListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(250).default(50),
  iterator: z.string().min(1).max(512).optional(),
  eventType: eventTypeName.optional(),
  channel: channel.optional(),
  status: deliveryStatus.optional(),
  before: z.iso.datetime({ offset: true }).optional(),
  after: z.iso.datetime({ offset: true }).optional(),
  endpoint: z.string().min(1).max(256).optional().describe('endpoint id or uid: messages meant for it'),
  q: z
    .string()
    .trim()
    .min(1)
    .max(256)
    .optional()
    .describe(
      'search: the message id or eventId exactly, or text anywhere in the payload (case-insensitive)',
    ),
  responseStatus: responseStatusFilter
    .optional()
    .describe(
      'HTTP status of the last attempt of a delivery: a code (503), a class (5xx) or "none" (no answer: timeout, refused)',
    ),
  withDeliveries: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe("include each message's deliveries (saves a request per message)"),
});

export const delivery = z.object({
  endpointId: z.string(),
  url: z.string(),
  status: deliveryStatus,
  attempts: z.number().int(),
  nextAttemptAt: isoDate.nullable(),
  updatedAt: isoDate,
});
export type Delivery = z.infer<typeof delivery>;

export const attemptStatus = z.enum(['succeeded', 'failed']);

export const attempt = z.object({
  id: z.string(),
  messageId: z.string(),
  endpointId: z.string(),
  attempt: z.number().int(),
  trigger: z.enum(['scheduled', 'manual']),
  status: attemptStatus,
  url: z.string(),
  requestHeaders: z.record(z.string(), z.string()),
  responseStatusCode: z.number().int().nullable(),
  responseBody: z.string().nullable(),
  responseHeaders: z
    .record(z.string(), z.string())
    .nullable()
    .describe('the first 50 response headers (values cut at 1 KiB; no set-cookie); null without an answer'),
  truncated: z.boolean(),
  durationMs: z.number().int(),
  error: z.string().nullable(),
  timestamp: isoDate,
});
export type Attempt = z.infer<typeof attempt>;

export const attemptListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(250).default(50),
  iterator: z.string().min(1).max(512).optional(),
  endpoint: z.string().min(1).max(256).optional(),
  status: attemptStatus.optional(),
});

/** A message of the log, with its deliveries when the list was asked `withDeliveries=true`. */
export const loggedMessage = message.extend({ deliveries: z.array(delivery).optional() });
export type LoggedMessage = z.infer<typeof loggedMessage>;
