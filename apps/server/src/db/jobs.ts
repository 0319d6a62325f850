import type { Queryable, Tx } from './pool.ts';

export type JobStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface JobRow {
  id: string;
  app_id: string | null;
  type: string;
  status: JobStatus;
  params: Record<string, unknown>;
  progress_done: number;
  progress_total: number;
  resume_after: string | null;
  result: unknown;
  error: string | null;
  created_at: Date;
  updated_at: Date;
}

export const toJob = (r: JobRow) => ({
  id: r.id,
  appId: r.app_id,
  type: r.type,
  status: r.status,
  progress: { done: r.progress_done, total: r.progress_total },
  result: r.result ?? null,
  params: r.params ?? {},
  error: r.error,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export async function insertJob(
  db: Queryable,
  j: { id: string; appId: string | null; type: string; params: Record<string, unknown>; total: number },
): Promise<JobRow> {
  const { rows } = await db.query<JobRow>(
    `INSERT INTO jobs (id, app_id, type, params, progress_total) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
    [j.id, j.appId, j.type, j.params, j.total],
  );
  return rows[0]!;
}

/** `scope` limits the lookup to one application's jobs (scoped keys and portal links). */
export async function findJob(db: Queryable, id: string, scope: string | null): Promise<JobRow | null> {
  const { rows } = await db.query<JobRow>(
    'SELECT * FROM jobs WHERE id = $1 AND ($2::text IS NULL OR app_id = $2)',
    [id, scope],
  );
  return rows[0] ?? null;
}

export async function listJobs(
  db: Queryable,
  scope: string | null,
  limit: number,
  iterator: string | undefined,
) {
  const { rows } = await db.query<JobRow>(
    `SELECT * FROM jobs WHERE ($1::text IS NULL OR app_id = $1) AND ($2::text IS NULL OR id < $2)
     ORDER BY id DESC LIMIT $3`,
    [scope, iterator ?? null, limit + 1],
  );
  return rows;
}

/** Moves a queued or running job to `running`; false when it was cancelled (or finished) meanwhile. */
export async function markRunning(db: Queryable, id: string): Promise<JobRow | null> {
  const { rows } = await db.query<JobRow>(
    `UPDATE jobs SET status = 'running', updated_at = now() WHERE id = $1 AND status IN ('queued', 'running') RETURNING *`,
    [id],
  );
  return rows[0] ?? null;
}

/** Records progress and the resume point together with the work of that step (same transaction). */
export async function advanceJob(db: Tx, id: string, done: number, resumeAfter: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE jobs SET progress_done = progress_done + $2, resume_after = $3, updated_at = now()
     WHERE id = $1 AND status = 'running'`,
    [id, done, resumeAfter],
  );
  return (rowCount ?? 0) > 0;
}

export async function finishJob(
  db: Queryable,
  id: string,
  status: 'completed' | 'failed',
  result: unknown,
  error: string | null,
) {
  await db.query(
    `UPDATE jobs SET status = $2, result = $3, error = $4, updated_at = now() WHERE id = $1 AND status = 'running'`,
    [id, status, result === undefined ? null : JSON.stringify(result), error],
  );
}

export async function cancelJob(db: Queryable, id: string): Promise<JobRow | null> {
  const { rows } = await db.query<JobRow>(
    `UPDATE jobs SET status = 'cancelled', updated_at = now() WHERE id = $1 AND status IN ('queued', 'running') RETURNING *`,
    [id],
  );
  return rows[0] ?? null;
}
