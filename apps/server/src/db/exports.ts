import type { Queryable } from './pool.ts';

/** One line of an export: an attempt, or a delivery without one, or a message without a delivery. */
export interface ExportRow {
  message_id: string;
  event_type: string;
  event_id: string | null;
  channels: string[];
  message_created_at: Date;
  payload: string;
  endpoint_id: string | null;
  url: string | null;
  delivery_status: string | null;
  attempt_id: string | null;
  attempt: number | null;
  trigger: string | null;
  attempt_status: string | null;
  response_status_code: number | null;
  duration_ms: number | null;
  error: string | null;
  attempt_created_at: Date | null;
}

const MATCHING = 'FROM messages WHERE app_id = $1 AND created_at >= $2 AND created_at < $3';

export async function countExport(
  db: Queryable,
  appId: string,
  w: { since: Date; until: Date },
): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n ${MATCHING}`, [
    appId,
    w.since,
    w.until,
  ]);
  return rows[0]!.n;
}

/** The next page of the export's messages after `after`, in id order. */
export async function exportPage(
  db: Queryable,
  appId: string,
  w: { since: Date; until: Date },
  after: string,
  limit: number,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(`SELECT id ${MATCHING} AND id > $4 ORDER BY id LIMIT $5`, [
    appId,
    w.since,
    w.until,
    after,
    limit,
  ]);
  return rows.map((r) => r.id);
}

/** The delivery log of these messages: one row per attempt, in message, endpoint and attempt order. */
export async function exportRows(db: Queryable, messageIds: string[]): Promise<ExportRow[]> {
  const { rows } = await db.query<ExportRow>(
    `SELECT m.id AS message_id, m.event_type, m.event_id, m.channels, m.created_at AS message_created_at,
            m.payload::text AS payload, d.endpoint_id, e.url, d.status AS delivery_status,
            a.id AS attempt_id, a.attempt, a.trigger, a.status AS attempt_status, a.response_status_code,
            a.duration_ms, a.error, a.created_at AS attempt_created_at
     FROM messages m
     LEFT JOIN deliveries d ON d.message_id = m.id
     LEFT JOIN endpoints e ON e.id = d.endpoint_id
     LEFT JOIN attempts a ON a.message_id = d.message_id AND a.endpoint_id = d.endpoint_id
     WHERE m.id = ANY ($1::text[])
     ORDER BY m.id, d.endpoint_id, a.id`,
    [messageIds],
  );
  return rows;
}

/** Appends the next chunk of an export file. */
export async function appendExportChunk(db: Queryable, jobId: string, data: Buffer): Promise<void> {
  await db.query(
    `INSERT INTO export_chunks (job_id, seq, data)
     SELECT $1, coalesce(max(seq) + 1, 0), $2 FROM export_chunks WHERE job_id = $1`,
    [jobId, data],
  );
}

export async function exportBytes(db: Queryable, jobId: string): Promise<number> {
  const { rows } = await db.query<{ bytes: string }>(
    'SELECT coalesce(sum(length(data)), 0)::text AS bytes FROM export_chunks WHERE job_id = $1',
    [jobId],
  );
  return Number(rows[0]!.bytes);
}

/** Chunk `seq` of an export, or null past the last one. */
export async function exportChunk(db: Queryable, jobId: string, seq: number): Promise<Buffer | null> {
  const { rows } = await db.query<{ data: Buffer }>(
    'SELECT data FROM export_chunks WHERE job_id = $1 AND seq = $2',
    [jobId, seq],
  );
  return rows[0]?.data ?? null;
}
