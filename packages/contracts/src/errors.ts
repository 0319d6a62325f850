import { z } from 'zod';

/**
 * The stable `code` of every error Herald answers with. The server's catalogue (status and title of
 * each) is keyed by this enum, so a code cannot be added on one side only.
 */
export const errorCode = z.enum([
  /** the request cannot be read: an empty or invalid JSON body, a malformed URL */
  'bad_request',
  /** no API key, an unknown or expired one, or a source webhook whose signature does not verify */
  'unauthorized',
  /** the key is valid but may not do this (a scoped key or portal link outside its application) */
  'forbidden',
  /** the resource does not exist, or the key cannot see it */
  'not_found',
  /** the request clashes with the current state: a uid already taken, a job that already finished */
  'conflict',
  /** the body is larger than HERALD_MAX_BODY_BYTES */
  'payload_too_large',
  /** the URL, or one of its parameters, is longer than the server accepts */
  'uri_too_long',
  /** the body is not sent as JSON (content-type: application/json) */
  'unsupported_media_type',
  /** the input was read but is not valid; `errors` names each field and what is wrong with it */
  'validation_failed',
  /** too many requests; try again after the `retry-after` seconds */
  'rate_limited',
  /** something failed on the server; the detail never carries internals */
  'internal',
  /** the server cannot answer now (shutting down, database unreachable); try again after `retry-after` */
  'unavailable',
]);
export type ErrorCode = z.infer<typeof errorCode>;

/** One invalid input: its path (`url`, `headers.X-Foo`) and what is wrong with it. */
export const fieldError = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof fieldError>;

/** RFC 9457 problem details, the body of every error. */
export const problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: errorCode,
  errors: z.array(fieldError).optional(),
});
export type Problem = z.infer<typeof problem>;
