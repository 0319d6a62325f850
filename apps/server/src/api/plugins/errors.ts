import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isConnectionError } from '../../db/connection-errors.ts';
import { throttledErrorLog, type WarnLog } from '../../db/pool.ts';
import { type FieldError, HeraldError, toProblem } from '../../errors.ts';
import { findText, texts } from '../../input-text.ts';

const PROBLEM = 'application/problem+json';

/** SQLSTATE class 22 (data exception) and 54000 (program limit exceeded): the input, not Herald, is at fault. */
const isDataError = (code: unknown) =>
  typeof code === 'string' && (/^22[0-9A-Z]{3}$/.test(code) || code === '54000');

/** Path of the request's first param, query value or body string that passes `test`. */
function locate(req: FastifyRequest, test: (text: string) => boolean): string | null {
  for (const input of [req.params, req.query, req.body]) {
    const found = findText(input, test);
    if (found) return found.path();
  }
  return null;
}

/** The field a PostgreSQL data error is about, from what its message says of the value. */
function culprit(req: FastifyRequest, message: string): string | null {
  // index row size 3000 exceeds btree version 4 maximum 2704 for index "x": the longest string did it
  if (message.startsWith('index row')) {
    let longest: { bytes: number; path: string } | null = null;
    for (const input of [req.params, req.query, req.body]) {
      for (const t of texts(input)) {
        const bytes = Buffer.byteLength(t.text);
        if (!longest || bytes > longest.bytes) longest = { bytes, path: t.path() };
      }
    }
    return longest?.path || null;
  }
  // value too long for type character varying(256)
  const limit = /value too long for type [\w ]+\((\d+)\)/.exec(message)?.[1];
  if (limit !== undefined) return locate(req, (s) => s.length > Number(limit));
  // most quote the value: invalid input syntax for type integer: "abc"; value "1e10" is out of range
  const quoted = /"([^"]*)"/.exec(message)?.[1];
  return quoted === undefined ? null : locate(req, (s) => s === quoted);
}

/** A data error of PostgreSQL caused by input: 422 naming the field when it can be told, else `body`. */
function dataError(e: { code?: string; message: string }, req?: FastifyRequest): HeraldError {
  // 22021 invalid byte sequence, 22P05 untranslatable character: a NUL, in text or as \u0000 in jsonb
  const nul =
    req && (e.code === '22021' || e.code === '22P05') ? locate(req, (s) => s.includes('\u0000')) : null;
  const path = nul ?? (req ? culprit(req, e.message) : null) ?? 'body';
  const message = nul ? 'must not contain the NUL character (\\u0000)' : dataProblem(e);
  return new HeraldError('validation_failed', `${path}: ${message}`, [{ path, message }]);
}

/**
 * What is wrong with a value PostgreSQL refused, in our words: its own message names types, lengths of
 * columns and indexes (schema detail a client has no business seeing), and may quote other input.
 */
function dataProblem(e: { code?: string; message: string }): string {
  if (e.code === '54000' || e.message.startsWith('index row')) return 'is too long to be stored';
  switch (e.code) {
    case '22001':
      return 'is too long';
    case '22003':
      return 'is out of range';
    case '22007':
    case '22008':
      return 'is not a valid date and time';
    case '22P02':
      return 'is not a valid value of its type';
    default:
      return 'cannot be stored';
  }
}

/**
 * A unique violation as the field that clashes: the column of the constraint's key other than the
 * application it is unique within. Never the constraint's name or the key's value (PostgreSQL's
 * `detail` quotes both).
 */
function uniqueViolation(e: { detail?: string }): HeraldError {
  const columns = /^Key \(([^)]*)\)=/.exec(e.detail ?? '')?.[1]?.split(/,\s*/) ?? [];
  const column = columns.filter((c) => c !== 'app_id').at(-1);
  if (!column) return new HeraldError('conflict', 'already exists');
  const path = column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  const message = path === 'uid' ? 'is already taken' : 'already exists';
  return new HeraldError('conflict', `${path} ${message}`, [{ path, message }]);
}

/** Translates anything thrown below into a problem document; 5xx details never carry internals. */
function toHeraldError(err: unknown, req?: FastifyRequest): HeraldError {
  if (err instanceof HeraldError) return err;
  const e = err as FastifyError & { code?: string; detail?: string };
  if (hasZodFastifySchemaValidationErrors(e)) {
    const context = e.validationContext ?? 'body';
    const errors: FieldError[] = e.validation.flatMap((v) => {
      const path = v.instancePath.split('/').filter(Boolean);
      // unknown fields are reported on their parent; name each field itself, as Stripe does
      const unknown = (v.params as { keys?: string[] }).keys;
      if (v.keyword === 'unrecognized_keys' && unknown)
        return unknown.map((k) => ({ path: [...path, k].join('.'), message: 'unknown field' }));
      // a missing field is reported on its parent; name the field itself
      const missing = (v.params as { issue?: { path?: PropertyKey[] } })?.issue?.path;
      const full = missing && missing.length > 0 ? missing.map(String).join('.') : path.join('.');
      return [{ path: full || context, message: v.message ?? 'is invalid' }];
    });
    const first = errors[0]!;
    return new HeraldError('validation_failed', `${context}: ${first.path} ${first.message}`, errors);
  }
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HeraldError('unsupported_media_type', 'send JSON with content-type: application/json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HeraldError('payload_too_large', 'request body is larger than HERALD_MAX_BODY_BYTES');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HeraldError('bad_request', 'body is empty; send a JSON object');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new HeraldError('bad_request', `body is not valid JSON: ${e.message}`);
    case '23505': // unique_violation
      return uniqueViolation(e);
  }
  if (isDataError(e.code)) return dataError(e, req);
  if (isConnectionError(e))
    return new HeraldError('unavailable', 'the database is not reachable right now; try again');
  if (e instanceof SyntaxError || e.statusCode === 400) return new HeraldError('bad_request', e.message);
  if (e.statusCode === 429) return new HeraldError('rate_limited', e.message);
  if (e.statusCode === 414) return new HeraldError('uri_too_long', e.message);
  if (e.statusCode === 413) return new HeraldError('payload_too_large', e.message);
  if (e.statusCode === 415) return new HeraldError('unsupported_media_type', e.message);
  if (e.statusCode === 404) return new HeraldError('not_found', e.message);
  return new HeraldError('internal', 'something went wrong on our side; it has been logged');
}

let outageLog: WarnLog | null = null;
const logOutage = throttledErrorLog(
  { warn: (fields, msg) => outageLog?.warn(fields, msg) },
  'requests failing: database unreachable (503)',
);

/** Answers `err` as a problem document. Also Fastify's `frameworkErrors` (bad URLs, before routing). */
export function sendProblem(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  const herald = toHeraldError(err, req);
  if (herald.code === 'unavailable' && isConnectionError(err)) {
    // an outage fails every request at once: one line per kind of error and 10 s, not a stack each
    outageLog = req.log;
    logOutage(err, { url: req.url.split('?')[0] });
  } else if (herald.status >= 500) req.log.error({ err }, 'request failed');
  const problem = toProblem(herald);
  if ((herald.code === 'rate_limited' || herald.code === 'unavailable') && !reply.hasHeader('retry-after'))
    reply.header('retry-after', '1');
  return reply.code(problem.status).type(PROBLEM).send(problem);
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(sendProblem);
  app.setNotFoundHandler((req, reply) => {
    const problem = toProblem(
      new HeraldError('not_found', `no route ${req.method} ${req.url.split('?')[0]}`),
    );
    return reply.code(404).type(PROBLEM).send(problem);
  });
}
