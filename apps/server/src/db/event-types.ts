import type { EventType, EventTypeIn } from '@herald/contracts';
import type { Queryable } from './pool.ts';

export interface EventTypeRow {
  name: string;
  description: string;
  schema: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
}

export const toEventType = (r: EventTypeRow): EventType => ({
  name: r.name,
  description: r.description,
  schema: r.schema,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

/** Creates the type, or replaces description and schema of an existing one (PUT-like, idempotent). */
export async function upsertEventType(
  db: Queryable,
  input: EventTypeIn,
): Promise<{ row: EventTypeRow; created: boolean }> {
  const { rows } = await db.query<EventTypeRow & { created: boolean }>(
    `INSERT INTO event_types (name, description, schema) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET description = EXCLUDED.description, schema = EXCLUDED.schema, updated_at = now()
     RETURNING *, (xmax = 0) AS created`,
    [input.name, input.description ?? '', input.schema ?? null],
  );
  const { created, ...row } = rows[0]!;
  return { row, created };
}

export async function findEventType(db: Queryable, name: string): Promise<EventTypeRow | null> {
  const { rows } = await db.query<EventTypeRow>('SELECT * FROM event_types WHERE name = $1', [name]);
  return rows[0] ?? null;
}

export async function listEventTypes(db: Queryable, limit: number, iterator: string | undefined) {
  const { rows } = await db.query<EventTypeRow>(
    'SELECT * FROM event_types WHERE ($1::text IS NULL OR name > $1) ORDER BY name LIMIT $2',
    [iterator ?? null, limit + 1],
  );
  return rows;
}

export async function deleteEventType(db: Queryable, name: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM event_types WHERE name = $1', [name]);
  return (rowCount ?? 0) > 0;
}
