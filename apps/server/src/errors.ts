import type { ErrorCode, Problem } from '@herald/contracts';

/**
 * The one error catalogue. Every error Herald answers with has a stable code (the contract's
 * `errorCode`: a code missing here, or one the contract lacks, does not compile); the wire format is
 * RFC 9457 problem details. 5xx details never carry internals.
 */
export const errorCatalogue = {
  bad_request: { status: 400, title: 'Bad request' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  uri_too_long: { status: 414, title: 'URI too long' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  validation_failed: { status: 422, title: 'Validation failed' },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal server error' },
  unavailable: { status: 503, title: 'Service unavailable' },
} as const satisfies Record<ErrorCode, { status: number; title: string }>;

export interface FieldError {
  path: string;
  message: string;
}

export class HeraldError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: FieldError[] | undefined;

  constructor(code: ErrorCode, detail: string, errors?: FieldError[]) {
    super(detail);
    this.code = code;
    this.status = errorCatalogue[code].status;
    this.errors = errors;
  }
}

export const notFound = (what: string) => new HeraldError('not_found', `${what} not found`);
export const conflict = (detail: string) => new HeraldError('conflict', detail);
export const invalid = (path: string, message: string) =>
  new HeraldError('validation_failed', `${path}: ${message}`, [{ path, message }]);

export function toProblem(err: HeraldError): Problem {
  const entry = errorCatalogue[err.code];
  return {
    type: `urn:herald:error:${err.code}`,
    title: entry.title,
    status: err.status,
    detail: err.message,
    code: err.code,
    ...(err.errors ? { errors: err.errors } : {}),
  };
}
