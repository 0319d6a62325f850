/** What happened on one attempt, as far as the retry policy cares. */
export interface AttemptOutcome {
  ok: boolean;
  statusCode: number | null;
  retryAfterSeconds: number | null;
}

export type Decision =
  | { status: 'succeeded' }
  /** try again at `at` (scheduled attempt index `next`) */
  | { status: 'pending'; at: Date; next: number }
  /** no attempts left, or the receiver said 410 Gone */
  | { status: 'failed'; exhausted: boolean; disableEndpoint: 'gone' | null };

/** Retry-After is honoured up to this many seconds. */
export const MAX_RETRY_AFTER_SECONDS = 3600;

/**
 * The retry policy of the contract. After scheduled attempt `index` (0 = the first) fails, the next
 * waits `schedule[index]` seconds +- jitter; when the schedule is spent the delivery has failed for
 * good. 429/503 with Retry-After wait as asked (at most an hour); 410 Gone stops at once.
 */
export function decide(
  outcome: AttemptOutcome,
  index: number,
  schedule: readonly number[],
  jitter: number,
  now: number = Date.now(),
  random: () => number = Math.random,
): Decision {
  if (outcome.ok) return { status: 'succeeded' };
  if (outcome.statusCode === 410) return { status: 'failed', exhausted: false, disableEndpoint: 'gone' };
  const base = schedule[index];
  if (base === undefined) return { status: 'failed', exhausted: true, disableEndpoint: null };
  let delaySeconds = base * (1 + jitter * (2 * random() - 1));
  const honoursRetryAfter = outcome.statusCode === 429 || outcome.statusCode === 503;
  if (honoursRetryAfter && outcome.retryAfterSeconds !== null) {
    delaySeconds = Math.min(Math.max(outcome.retryAfterSeconds, 0), MAX_RETRY_AFTER_SECONDS);
  }
  return { status: 'pending', at: new Date(now + Math.round(delaySeconds * 1000)), next: index + 1 };
}
