import type { Logger } from 'pino';
import { type Listener, listen } from './listen.ts';
import { compactError } from './pool.ts';

/**
 * Long-polling requests wait on NOTIFY without holding a database connection: one LISTEN connection
 * per process and channel (opened on first use) wakes the requests waiting for a key named in a
 * notification's payload (space-separated keys).
 */
export function createNotificationHub(databaseUrl: string, channel: string, log: Logger) {
  const waiting = new Map<string, Set<() => void>>();
  let listener: Promise<Listener> | null = null;
  let closing = false;
  const wakeAll = () => {
    for (const set of waiting.values()) for (const wake of set) wake();
  };

  return {
    /**
     * Registers interest in `key` and returns a promise that resolves at the next notification for it,
     * at `deadline` (ms epoch), or at shutdown. Register before reading the state you wait on, so a
     * notification cannot slip in between.
     */
    async arm(key: string, deadline: number): Promise<{ woken: Promise<void>; disarm: () => void }> {
      listener ??= listen(
        databaseUrl,
        channel,
        (payload) => {
          for (const k of payload.split(' ')) for (const wake of waiting.get(k) ?? []) wake();
        },
        {
          // waiters re-read on reconnect: what was published meanwhile sent no notification they heard
          onReconnect: wakeAll,
          onLost: (err) =>
            log.warn({ channel, ...compactError(err) }, 'notification listener lost; reconnecting'),
        },
      );
      await listener;
      let wake!: () => void;
      let timer: NodeJS.Timeout | undefined;
      const woken = new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
      });
      if (closing) wake();
      const set = waiting.get(key) ?? new Set();
      set.add(wake);
      waiting.set(key, set);
      return {
        woken,
        disarm: () => {
          clearTimeout(timer);
          set.delete(wake);
          if (set.size === 0 && waiting.get(key) === set) waiting.delete(key);
        },
      };
    },
    get closing() {
      return closing;
    },
    /** Wakes every waiting request now so shutdown is not held up by long polls. */
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
export type NotificationHub = ReturnType<typeof createNotificationHub>;

const RECHECK_MS = 5000;

/**
 * Re-reads state until `isDone` holds, waking on notifications for `key`, until `deadline`.
 * The shared loop of every long poll.
 */
export async function pollUntil<T>(
  hub: NotificationHub,
  key: string,
  deadline: number,
  read: () => Promise<T>,
  isDone: (value: T) => boolean,
): Promise<T> {
  for (;;) {
    // re-read at least every few seconds: a notification can be lost (a crash right after a commit)
    const armed = await hub.arm(key, Math.min(deadline, Date.now() + RECHECK_MS));
    try {
      const value = await read();
      if (isDone(value) || Date.now() >= deadline || hub.closing) return value;
      await armed.woken;
    } finally {
      armed.disarm();
    }
  }
}
