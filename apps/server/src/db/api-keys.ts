import type { ApiKey } from '@herald/contracts';
import type { Queryable } from './pool.ts';

export interface ApiKeyRow {
  id: string;
  name: string;
  app_id: string | null;
  is_root: boolean;
  kind: 'api' | 'portal';
  expires_at: Date | null;
  key_hash: Buffer;
  created_at: Date;
  revoked_at: Date | null;
}

export const toApiKey = (r: ApiKeyRow): ApiKey => ({
  id: r.id,
  name: r.name,
  app: r.app_id,
  createdAt: r.created_at.toISOString(),
});

export async function insertApiKey(
  db: Queryable,
  k: {
    id: string;
    name: string;
    appId: string | null;
    isRoot: boolean;
    hash: Buffer;
    kind?: 'api' | 'portal';
    expiresAt?: Date;
  },
): Promise<ApiKeyRow> {
  const { rows } = await db.query<ApiKeyRow>(
    `INSERT INTO api_keys (id, name, app_id, is_root, key_hash, kind, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     RETURNING *`,
    [k.id, k.name, k.appId, k.isRoot, k.hash, k.kind ?? 'api', k.expiresAt ?? null],
  );
  return rows[0]!;
}

export async function findActiveKeyByHash(db: Queryable, hash: Buffer): Promise<ApiKeyRow | null> {
  const { rows } = await db.query<ApiKeyRow>(
    'SELECT * FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())',
    [hash],
  );
  return rows[0] ?? null;
}

export async function hasRootKey(db: Queryable): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM api_keys WHERE is_root AND revoked_at IS NULL LIMIT 1');
  return rows.length > 0;
}

export async function listApiKeys(db: Queryable, limit: number, iterator: string | undefined) {
  const { rows } = await db.query<ApiKeyRow>(
    `SELECT * FROM api_keys WHERE revoked_at IS NULL AND kind = 'api' AND ($1::text IS NULL OR id > $1)
     ORDER BY id LIMIT $2`,
    [iterator ?? null, limit + 1],
  );
  return rows;
}

export async function revokeApiKey(db: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    // a revoked root key is replaced on the next start (a new one is generated and printed)
    'UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL',
    [id],
  );
  return (rowCount ?? 0) > 0;
}
