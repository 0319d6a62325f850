import type { Logger } from 'pino';
import { type Listener, listen } from '../db/listen.ts';
import type { Queryable } from '../db/pool.ts';
import { FIRST_ATTEMPT_CHANNEL } from '../queue/boss.ts';

export interface FirstAttempt {
  endpointId: string;
  status: 'pending' | 'sending' | 'succeeded' | 'failed';
  responseStatusCode: number | null;
  durationMs: number | null;
}

/** The first attempt of each delivery of a message, or its state while none has finished. */
export async function firstAttempts(db: Queryable, messageId: string): Promise<FirstAttempt[]> {
  const { rows } = await db.query<{
    endpoint_id: string;
    sending: boolean;
    status: 'succeeded' | 'failed' | null;
    response_status_code: number | null;
    duration_ms: number | null;
  }>(
    `SELECT d.endpoint_id, coalesce(d.lease_until > now(), false) AS sending,
            a.status, a.response_status_code, a.duration_ms
     FROM deliveries d
     LEFT JOIN LATERAL (SELECT status, response_status_code, duration_ms FROM attempts
                        WHERE message_id = d.message_id AND endpoint_id = d.endpoint_id ORDER BY id LIMIT 1) a ON true
     WHERE d.message_id = $1 ORDER BY d.endpoint_id`,
    [messageId],
  );
  return rows.map((r) => ({
    endpointId: r.endpoint_id,
    status: r.status ?? (r.sending ? 'sending' : 'pending'),
    responseStatusCode: r.response_status_code,
    durationMs: r.duration_ms,
  }));
}

/**
 * Publish-and-wait without holding anything while waiting: one LISTEN connection per API process
 * (opened on first use) hears which messages just had first attempts recorded, and wakes the
 * requests waiting for them. A waiting request holds no database connection and no worker slot.
 */
export function createFirstAttemptWaiter(databaseUrl: string, log: Logger) {
  const waiting = new Map<string, Set<() => void>>();
  let listener: Promise<Listener> | null = null;
  let closing = false;
  const wakeAll = () => {
    for (const set of waiting.values()) for (const wake of set) wake();
  };
  const ensureListening = () => {
    listener ??= listen(
      databaseUrl,
      FIRST_ATTEMPT_CHANNEL,
      (payload) => {
        for (const id of payload.split(' ')) for (const wake of waiting.get(id) ?? []) wake();
      },
      { onReconnect: wakeAll, onLost: (err) => log.warn({ err }, 'first-attempt listener lost') },
    );
    return listener;
  };

  return {
    /**
     * Waits until every delivery of the message has a first attempt, or until `deadline` (ms epoch).
     * `check` reads the state; it runs before each wait, after the wake-up is registered, so a
     * notification cannot slip between the two.
     */
    async until(
      messageId: string,
      deadline: number,
      check: () => Promise<FirstAttempt[]>,
    ): Promise<{ done: boolean; deliveries: FirstAttempt[] }> {
      await ensureListening();
      for (;;) {
        let wake!: () => void;
        const woken = new Promise<void>((resolve) => {
          wake = resolve;
        });
        const set = waiting.get(messageId) ?? new Set();
        set.add(wake);
        waiting.set(messageId, set);
        try {
          const deliveries = await check();
          const done = deliveries.every((d) => d.status === 'succeeded' || d.status === 'failed');
          const left = deadline - Date.now();
          if (done || left <= 0 || closing) return { done, deliveries };
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([woken, new Promise<void>((r) => (timer = setTimeout(r, left)))]);
          clearTimeout(timer);
        } finally {
          set.delete(wake);
          if (set.size === 0) waiting.delete(messageId);
        }
      }
    },
    /** Answers every waiting request now with what is known (202), so shutdown is not held up. */
    release() {
      closing = true;
      wakeAll();
    },
    async close() {
      closing = true;
      wakeAll();
      if (listener) await (await listener).close();
    },
  };
}
export type FirstAttemptWaiter = ReturnType<typeof createFirstAttemptWaiter>;
