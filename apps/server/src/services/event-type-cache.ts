import { type EventTypeRow, findEventType } from '../db/event-types.ts';
import type { Queryable } from '../db/pool.ts';

/** How long a looked-up event type (and its schema) is reused before it is read again. */
const TTL_MS = 2000;

export interface EventTypeCache {
  get(name: string): Promise<EventTypeRow | null>;
  /** Forget a type this process just changed, so its next publish sees the change at once. */
  invalidate(name: string): void;
}

/**
 * Publishing checks payloads against their event type's schema; reading the type on every publish
 * would cost a round trip per message. Other processes see a changed schema within TTL_MS.
 */
export function createEventTypeCache(db: Queryable): EventTypeCache {
  const cache = new Map<string, { row: EventTypeRow | null; at: number }>();
  return {
    async get(name) {
      const hit = cache.get(name);
      if (hit && Date.now() - hit.at < TTL_MS) return hit.row;
      const row = await findEventType(db, name);
      if (cache.size > 10_000) cache.clear();
      cache.set(name, { row, at: Date.now() });
      return row;
    },
    invalidate(name) {
      cache.delete(name);
    },
  };
}
