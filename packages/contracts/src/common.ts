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

/** A PEM certificate (or several, one after another). */
const pemCertificates = z
  .string()
  .max(100_000)
  .regex(
    /^\s*(-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----\s*)+$/,
    'PEM certificates: "-----BEGIN CERTIFICATE-----" ... "-----END CERTIFICATE-----"',
  );

/** SASL authentication of a Kafka client (Confluent Cloud and Aiven: PLAIN or SCRAM over TLS; MSK: SCRAM). */
export const kafkaSasl = z.strictObject({
  mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
  username: z.string().min(1).max(1024),
  password: z
    .string()
    .min(1)
    .max(1024)
    .describe(
      'a secret: stored encrypted, never shown (read as "***"; "***" in a PATCH keeps the stored one)',
    ),
});
export type KafkaSasl = z.infer<typeof kafkaSasl>;

/** TLS to the Kafka brokers: `true` trusts the system's CAs; an object may name a CA of its own. */
export const kafkaTls = z.union(
  [
    z.boolean(),
    z.strictObject({
      ca: pemCertificates
        .optional()
        .describe("the CA(s) that signed the brokers' certificates, PEM; absent: the system's"),
      rejectUnauthorized: z
        .boolean()
        .optional()
        .describe('default true; false accepts any certificate (tests only: it makes TLS worthless)'),
    }),
  ],
  { error: 'true, false, or an object with ca and rejectUnauthorized' },
);
export type KafkaTls = z.infer<typeof kafkaTls>;
