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

/**
 * Runs `fn` until it succeeds. While the database cannot be reached it is tried again with a backoff
 * (0.25 s doubling to 2 s) for up to `forMs`; any other error gets `otherAttempts` tries in all. Gives
 * up with the last error, also as soon as `stopped()` says so.
 */
export async function retryThroughOutage<T>(
  fn: () => Promise<T>,
  opts: { forMs: number; otherAttempts?: number; stopped?: () => boolean },
): Promise<T> {
  const until = Date.now() + opts.forMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const wait = Math.min(250 * 2 ** (attempt - 1), 2000);
      const again = isConnectionError(err) ? Date.now() + wait < until : attempt < (opts.otherAttempts ?? 1);
      if (!again || opts.stopped?.()) throw err;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
