import { hasRootKey, insertApiKey } from '../db/api-keys.ts';
import { lockForTransaction } from '../db/locks.ts';
import type { Pool } from '../db/pool.ts';
import { withTransaction } from '../db/pool.ts';
import { newId } from '../ids.ts';
import { generateApiKey, hashKey } from './api-keys.ts';

export type RootKeySource = { kind: 'env' } | { kind: 'generated'; key: string } | { kind: 'stored' };

/**
 * HERALD_API_KEY wins when set. Otherwise the first start generates a root key, stores its hash and
 * returns the key once so it can be printed; later starts find the hash and say so.
 */
export async function ensureRootKey(pool: Pool, fromEnv: string | undefined): Promise<RootKeySource> {
  if (fromEnv) return { kind: 'env' };
  return withTransaction(pool, async (db) => {
    // two processes starting at once on a fresh database must not both mint a key
    await lockForTransaction(db, 'herald.root-key');
    if (await hasRootKey(db)) return { kind: 'stored' } as const;
    const key = generateApiKey();
    await insertApiKey(db, { id: newId('key'), name: 'root', appId: null, isRoot: true, hash: hashKey(key) });
    return { kind: 'generated', key } as const;
  });
}
