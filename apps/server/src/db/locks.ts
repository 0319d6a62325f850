import { isConnectionError } from './connection-errors.ts';
import type { Pool, PoolClient, Tx } from './pool.ts';

/**
 * Runs `fn` on one connection holding the session advisory lock `name`, once per database at a time;
 * null when another holder has it. A connection that broke, or could not give the lock back, is
 * destroyed (which frees the lock) instead of going back to the pool with the lock still held.
 */
export async function withSessionLock<T>(
  pool: Pool,
  name: string,
  fn: (client: PoolClient) => Promise<T>,
): Promise<T | null> {
  const client = await pool.connect();
  let destroy: Error | undefined;
  try {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [
      name,
    ]);
    if (!rows[0]?.ok) return null;
    try {
      return await fn(client);
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).catch((err: Error) => {
        destroy = err;
      });
    }
  } catch (err) {
    if (isConnectionError(err)) destroy ??= err as Error;
    throw err;
  } finally {
    client.release(destroy);
  }
}

/** Waits for the transaction-level advisory lock `name`: held until `tx` commits or rolls back. */
export async function lockForTransaction(tx: Tx, name: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [name]);
}

/**
 * BEGIN and the wait for the transaction-level advisory lock `name` in one round trip (a simple query
 * of two statements, for `withTransaction`'s `begin`): on the delivery fetch, each round trip is
 * latency between a publish and its first attempt. `name` is a constant of the code, never input.
 */
export function beginLocked(name: string): string {
  if (!/^[a-z.-]+$/.test(name)) throw new Error(`lock name ${name}: letters, dots and dashes only`);
  return `BEGIN; SELECT pg_advisory_xact_lock(hashtext('${name}'))`;
}
