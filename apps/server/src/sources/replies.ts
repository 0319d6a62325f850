import type { Logger } from 'pino';
import { toMessage } from '../db/messages.ts';
import { createNotificationHub } from '../db/notification-hub.ts';
import type { Queryable } from '../db/pool.ts';
import { FIRST_ATTEMPT_CHANNEL } from '../queue/boss.ts';
import { waitForFirstAttempts } from '../services/publish-and-wait.ts';
import type { Published } from '../services/publish-message.ts';

/**
 * Request/reply for broker sources: the reply to a consumed message is what `?wait=` answers over
 * HTTP, the message with the first attempt of each of its deliveries, once every one is known (or
 * what is known when the wait runs out: `done` false).
 */
export interface FirstAttemptWaiter {
  reply(published: Published, timeoutMs: number): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** One LISTEN connection per worker, opened by the first request that waits. */
export function createFirstAttemptWaiter(
  databaseUrl: string,
  db: Queryable,
  log: Logger,
): FirstAttemptWaiter {
  const hub = createNotificationHub(databaseUrl, FIRST_ATTEMPT_CHANNEL, log);
  return {
    async reply(published, timeoutMs) {
      const outcome = await waitForFirstAttempts(hub, db, published.message.id, Date.now() + timeoutMs);
      return { ...toMessage(published.message), done: outcome.done, deliveries: outcome.deliveries };
    },
    close: () => hub.close(),
  };
}
