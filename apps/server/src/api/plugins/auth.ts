import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { findActiveKeyByHash } from '../../db/api-keys.ts';
import { isConnectionError } from '../../db/connection-errors.ts';
import type { Queryable } from '../../db/pool.ts';
import { HeraldError } from '../../errors.ts';
import { hashKey } from '../../services/api-keys.ts';

export interface Principal {
  keyId: string;
  /** null = every application; otherwise only this application id */
  appScope: string | null;
  root: boolean;
  /** a portal link's token: scoped to one application, expires, cannot mint more links */
  portal: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

/**
 * Resolves the bearer key to a principal. The root key from HERALD_API_KEY is compared in constant
 * time; stored keys are found by the hash of the presented key (nothing about a stored key leaks
 * through timing, because the lookup is on a hash the caller cannot steer) and checked again in
 * constant time. No cache: a revoked key stops working at once.
 */
export function createAuthenticator(db: Queryable, rootKey: string | undefined) {
  const rootHash = rootKey ? hashKey(rootKey) : null;
  return async function authenticate(req: FastifyRequest): Promise<Principal> {
    const header = req.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw new HeraldError('unauthorized', 'send your API key as "Authorization: Bearer <key>"');
    const presented = hashKey(match[1]!);
    if (rootHash && timingSafeEqual(presented, rootHash))
      return { keyId: 'root', appScope: null, root: true, portal: false };
    const row = await findActiveKeyByHash(db, presented).catch((err: unknown) => {
      // a read is safe to repeat: a second try on a fresh connection gets past a stale pooled one
      if (isConnectionError(err)) return findActiveKeyByHash(db, presented);
      throw err;
    });
    if (!row || !timingSafeEqual(row.key_hash, presented))
      throw new HeraldError('unauthorized', 'invalid API key');
    return { keyId: row.id, appScope: row.app_id, root: row.is_root, portal: row.kind === 'portal' };
  };
}
