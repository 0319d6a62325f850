import type { Attempt } from '@herald/contracts';
import type { Queryable } from './pool.ts';

export interface AttemptRow {
  id: string;
  message_id: string;
  endpoint_id: string;
  attempt: number;
  trigger: 'scheduled' | 'manual';
  status: 'succeeded' | 'failed';
  url: string;
  request_headers: Record<string, string>;
  response_status_code: number | null;
  response_body: string | null;
  response_headers: Record<string, string> | null;
  response_truncated: boolean;
  duration_ms: number;
  error: string | null;
  created_at: Date;
}

export const toAttempt = (r: AttemptRow): Attempt => ({
  id: r.id,
  messageId: r.message_id,
  endpointId: r.endpoint_id,
  attempt: r.attempt,
  trigger: r.trigger,
  status: r.status,
  url: r.url,
  requestHeaders: r.request_headers,
  responseStatusCode: r.response_status_code,
  responseBody: r.response_body,
  responseHeaders: r.response_headers,
  truncated: r.response_truncated,
  durationMs: r.duration_ms,
  error: r.error,
  timestamp: r.created_at.toISOString(),
});

/** Every attempt of one message, oldest first. */
export async function listMessageAttempts(db: Queryable, messageId: string): Promise<AttemptRow[]> {
  const { rows } = await db.query<AttemptRow>('SELECT * FROM attempts WHERE message_id = $1 ORDER BY id', [
    messageId,
  ]);
  return rows;
}

/** Attempts across messages of an app, newest first. */
export async function listAppAttempts(
  db: Queryable,
  appId: string,
  f: { endpointId?: string | undefined; status?: string | undefined },
  limit: number,
  iterator?: string,
) {
  const { rows } = await db.query<AttemptRow>(
    `SELECT * FROM attempts
     WHERE app_id = $1 AND ($2::text IS NULL OR id < $2) AND ($3::text IS NULL OR endpoint_id = $3)
       AND ($4::text IS NULL OR status = $4)
     ORDER BY id DESC LIMIT $5`,
    [appId, iterator ?? null, f.endpointId ?? null, f.status ?? null, limit + 1],
  );
  return rows;
}
