import { z } from 'zod';
import { channel, eventTypeName } from './common.ts';
import { message } from './messages.ts';

/** `eventTypes=a,b` or `eventTypes=a&eventTypes=b` */
const eventTypeList = z.preprocess(
  (v) =>
    Array.isArray(v) ? v.flatMap((x) => String(x).split(',')) : typeof v === 'string' ? v.split(',') : v,
  z.array(eventTypeName).max(50),
);

export const feedQuery = z.object({
  iterator: z.string().min(1).max(1024).optional(),
  limit: z.coerce.number().int().min(1).max(250).default(50),
  eventTypes: eventTypeList.optional(),
  channel: channel.optional(),
  wait: z.coerce
    .number()
    .min(0)
    .max(30)
    .optional()
    .describe('seconds to hold the request until something arrives'),
  since: z.iso.datetime({ offset: true }).optional().describe('without an iterator: start at this time'),
  start: z
    .enum(['now'])
    .optional()
    .describe("without an iterator: an empty page whose iterator is the present (the server's clock)"),
});

/** One page of the events feed. */
export const feedPage = z.object({
  data: z.array(message),
  iterator: z.string().describe('never null: with done=true it marks where to continue later'),
  done: z.boolean(),
});
export type FeedPage = z.infer<typeof feedPage>;

export const consumerName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-zA-Z0-9\-_.]+$/, 'letters, digits, "-", "_" and "."');

/** A consumer cursor kept by the server; `iterator` is null until the consumer's first ack. */
export const feedConsumer = z.object({
  consumer: z.string(),
  iterator: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type FeedConsumer = z.infer<typeof feedConsumer>;

export const feedAck = z.strictObject({ iterator: z.string().min(1).max(1024) });

/** One endpoint's first attempt, in the answer of a publish with `wait`. */
export const firstAttempt = z.object({
  endpointId: z.string(),
  status: z.enum(['pending', 'sending', 'succeeded', 'failed']),
  responseStatusCode: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
});
export type FirstAttempt = z.infer<typeof firstAttempt>;

/** The answer to a publish: the message, and with `wait` its endpoints' first attempts. */
export const publishedMessage = message.extend({ deliveries: z.array(firstAttempt).optional() });
export type PublishedMessage = z.infer<typeof publishedMessage>;

export const publishQuery = z.object({
  wait: z.coerce
    .number()
    .min(0)
    .max(30)
    .optional()
    .describe('seconds to wait for every first attempt (publish-and-wait): 200 when all finished, else 202'),
});
