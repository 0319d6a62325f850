import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { type FieldError, HeraldError, toProblem } from '../../errors.ts';

const PROBLEM = 'application/problem+json';

/** Path of the first string under `value` holding a NUL character, which PostgreSQL cannot store. */
function findNul(value: unknown, path: string[]): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    if (k.includes('\u0000')) return [...path, k].join('.');
    const found = findNul(v, [...path, k]);
    if (found !== null) return found;
  }
  return null;
}

/** Translates anything thrown below into a problem document; 5xx details never carry internals. */
function toHeraldError(err: unknown, req?: FastifyRequest): HeraldError {
  if (err instanceof HeraldError) return err;
  const e = err as FastifyError & { code?: string; constraint?: string; detail?: string };
  if (hasZodFastifySchemaValidationErrors(e)) {
    const context = e.validationContext ?? 'body';
    const errors: FieldError[] = e.validation.map((v) => {
      const path = v.instancePath.split('/').filter(Boolean).join('.');
      // a missing field is reported on its parent; name the field itself
      const missing = (v.params as { issue?: { path?: PropertyKey[] } })?.issue?.path;
      const full = missing && missing.length > 0 ? missing.map(String).join('.') : path;
      return { path: full || context, message: v.message ?? 'is invalid' };
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
    case '22021': // invalid byte sequence: a NUL character in text
    case '22P05': {
      // untranslatable character: \u0000 in jsonb
      const where = req ? (findNul(req.params, []) ?? findNul(req.query, []) ?? findNul(req.body, [])) : null;
      const message = 'must not contain the NUL character (\\u0000)';
      return new HeraldError('validation_failed', `${where || 'input'}: ${message}`, [
        { path: where || 'body', message },
      ]);
    }
    case '23505': // unique_violation
      return new HeraldError(
        'conflict',
        `already exists (${e.constraint ?? 'unique'}): ${e.detail ?? ''}`.trim(),
      );
    case '57P01': // admin_shutdown: the database restarted
    case 'ECONNREFUSED':
    case 'ECONNRESET':
      return new HeraldError('unavailable', 'the database is not reachable right now; try again');
  }
  if (e instanceof SyntaxError || e.statusCode === 400) return new HeraldError('bad_request', e.message);
  if (e.statusCode === 429) return new HeraldError('rate_limited', e.message);
  if (e.statusCode === 414) return new HeraldError('uri_too_long', e.message);
  if (e.statusCode === 413) return new HeraldError('payload_too_large', e.message);
  if (e.statusCode === 415) return new HeraldError('unsupported_media_type', e.message);
  if (e.statusCode === 404) return new HeraldError('not_found', e.message);
  return new HeraldError('internal', 'something went wrong on our side; it has been logged');
}

/** Answers `err` as a problem document. Also Fastify's `frameworkErrors` (bad URLs, before routing). */
export function sendProblem(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  const herald = toHeraldError(err, req);
  if (herald.status >= 500) req.log.error({ err }, 'request failed');
  const problem = toProblem(herald);
  if (herald.code === 'rate_limited' && !reply.hasHeader('retry-after')) reply.header('retry-after', '1');
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
