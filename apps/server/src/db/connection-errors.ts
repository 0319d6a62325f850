/**
 * Errors that mean "the database could not be reached or dropped the connection", as opposed to an
 * error in the statement. A request that meets one is answered 503 with Retry-After; a worker batch
 * that meets one is retried later. Nothing else about the process changes: pools reconnect by
 * themselves.
 */
const CONNECTION_CODES = new Set([
  '57P01', // admin_shutdown: server stopping, or pg_terminate_backend
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '53300', // too_many_connections
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

const CONNECTION_MESSAGES = [
  'Connection terminated',
  'connection timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Client was closed and is not queryable',
  'Cannot use a pool after calling end',
  'the database system is',
];

export function isConnectionError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (CONNECTION_CODES.has(e.code) || e.code.startsWith('08'))) return true;
  // an AggregateError from a dual-stack connect carries the real causes
  if (Array.isArray(e.errors) && e.errors.some(isConnectionError)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return CONNECTION_MESSAGES.some((m) => message.includes(m));
}
