import { endpointTakes } from './endpoints.ts';
import type { Queryable } from './pool.ts';

/** What a replay re-sends: messages of the app in the window, of these event types (null = all). */
export interface ReplayWindow {
  since: Date;
  until: Date;
  eventTypes: string[] | null;
  /** only messages with a delivery that failed for good (to `endpointId` when set) */
  failedOnly: boolean;
  endpointId: string | null;
}

const MATCHING = `FROM messages m WHERE m.app_id = $1 AND m.created_at >= $2 AND m.created_at < $3
  AND ($4::text[] IS NULL OR m.event_type = ANY ($4::text[]))
  AND (NOT $5::boolean OR EXISTS (
        SELECT 1 FROM deliveries d WHERE d.message_id = m.id AND d.status = 'failed'
          AND ($6::text IS NULL OR d.endpoint_id = $6)))`;

const windowParams = (appId: string, w: ReplayWindow) => [
  appId,
  w.since,
  w.until,
  w.eventTypes,
  w.failedOnly,
  w.endpointId,
];

export async function countReplay(db: Queryable, appId: string, w: ReplayWindow): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n ${MATCHING}`,
    windowParams(appId, w),
  );
  return rows[0]!.n;
}

/** The next page of the replay's messages after `after`, in id order. */
export async function replayPage(
  db: Queryable,
  appId: string,
  w: ReplayWindow,
  after: string | null,
  limit: number,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT m.id ${MATCHING} AND m.id > $7 ORDER BY m.id LIMIT $8`,
    [...windowParams(appId, w), after ?? '', limit],
  );
  return rows.map((r) => r.id);
}

/**
 * The (message, endpoint) pairs a replay page re-sends: every enabled endpoint that takes the message
 * now (endpointTakes), or only `endpointId`, which gets every message whatever its filters say. Pairs
 * without a delivery (endpoints added after the message was published) get one, in the same statement.
 * `failedOnly`: only pairs whose delivery failed for good.
 */
export async function replayDeliveries(
  db: Queryable,
  appId: string,
  messageIds: string[],
  endpointId: string | null,
  failedOnly = false,
): Promise<Array<{ m: string; e: string }>> {
  const { rows } = await db.query<{ m: string; e: string }>(
    `WITH pairs AS (
       SELECT m.id AS m, e.id AS e FROM messages m
       JOIN endpoints e ON e.app_id = m.app_id
         AND CASE WHEN $3::text IS NULL THEN NOT e.disabled AND ${endpointTakes('e', 'm.event_type', 'm.channels')}
                  ELSE e.id = $3 END
       WHERE m.app_id = $1 AND m.id = ANY ($2::text[])
         AND (NOT $4::boolean OR EXISTS (
               SELECT 1 FROM deliveries d WHERE d.message_id = m.id AND d.endpoint_id = e.id AND d.status = 'failed'))
     ), created AS (
       INSERT INTO deliveries (message_id, endpoint_id, app_id) SELECT m, e, $1 FROM pairs ON CONFLICT DO NOTHING
     )
     SELECT m, e FROM pairs ORDER BY m, e`,
    [appId, messageIds, endpointId, failedOnly],
  );
  return rows;
}
