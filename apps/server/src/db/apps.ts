import type { Application, ApplicationIn, ApplicationPatch } from '@herald/contracts';
import { newId } from '../ids.ts';
import { type Queryable, queryPrepared } from './pool.ts';

export interface AppRow {
  id: string;
  uid: string | null;
  name: string;
  metadata: Record<string, string>;
  retry_schedule: number[] | null;
  retention_days: number | null;
  created_at: Date;
  updated_at: Date;
}

export const toApplication = (r: AppRow): Application => ({
  id: r.id,
  uid: r.uid,
  name: r.name,
  metadata: r.metadata,
  retrySchedule: r.retry_schedule,
  retentionDays: r.retention_days,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export async function insertApp(db: Queryable, input: ApplicationIn): Promise<AppRow> {
  const { rows } = await db.query<AppRow>(
    `INSERT INTO applications (id, uid, name, metadata, retry_schedule, retention_days)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [
      newId('app'),
      input.uid ?? null,
      input.name,
      input.metadata ?? {},
      input.retrySchedule ?? null,
      input.retentionDays ?? null,
    ],
  );
  return rows[0]!;
}

/** `ref` is an id or a uid; `scope` limits the lookup to one application (scoped API keys). */
export async function findApp(db: Queryable, ref: string, scope: string | null): Promise<AppRow | null> {
  const { rows } = await queryPrepared<AppRow>(
    db,
    `SELECT * FROM applications WHERE (id = $1 OR uid = $1) AND ($2::text IS NULL OR id = $2)
     ORDER BY (id = $1) DESC LIMIT 1`,
    [ref, scope],
  );
  return rows[0] ?? null;
}

export async function findAppByUid(db: Queryable, uid: string): Promise<AppRow | null> {
  const { rows } = await db.query<AppRow>('SELECT * FROM applications WHERE uid = $1', [uid]);
  return rows[0] ?? null;
}

export async function listApps(
  db: Queryable,
  limit: number,
  iterator: string | undefined,
  scope: string | null,
) {
  const { rows } = await db.query<AppRow>(
    `SELECT * FROM applications WHERE ($1::text IS NULL OR id > $1) AND ($2::text IS NULL OR id = $2)
     ORDER BY id LIMIT $3`,
    [iterator ?? null, scope, limit + 1],
  );
  return rows;
}

export async function updateApp(db: Queryable, id: string, patch: ApplicationPatch): Promise<AppRow> {
  // COALESCE keeps a field unless the patch names it; "has" flags let null clear nullable fields.
  const { rows } = await db.query<AppRow>(
    `UPDATE applications SET
       name = COALESCE($2, name),
       uid = CASE WHEN $3 THEN $4 ELSE uid END,
       metadata = COALESCE($5, metadata),
       retry_schedule = CASE WHEN $6 THEN $7::integer[] ELSE retry_schedule END,
       retention_days = CASE WHEN $8 THEN $9::integer ELSE retention_days END,
       updated_at = now()
     WHERE id = $1 RETURNING *`,
    [
      id,
      patch.name ?? null,
      patch.uid !== undefined,
      patch.uid ?? null,
      patch.metadata ?? null,
      patch.retrySchedule !== undefined,
      patch.retrySchedule ?? null,
      patch.retentionDays !== undefined,
      patch.retentionDays ?? null,
    ],
  );
  return rows[0]!;
}

export async function deleteApp(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM applications WHERE id = $1', [id]);
}
