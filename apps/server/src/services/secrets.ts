import type { Logger } from 'pino';
import type { Context } from '../context.ts';
import { finishJob, insertJob, type JobRow } from '../db/jobs.ts';
import { withSessionLock } from '../db/locks.ts';
import { bossDb, type Pool, type Tx, withTransaction } from '../db/pool.ts';
import {
  countSecretsNotLike,
  endpointSecretsPage,
  keyIdsInUse,
  SOURCES_START,
  sourceSecretsPage,
  writeEndpointSecrets,
  writeSourceSecrets,
} from '../db/secrets.ts';
import { newId } from '../ids.ts';
import { QUEUES } from '../queue/boss.ts';
import { EncryptionKeyError, type SecretCipher } from '../secrets/cipher.ts';
import { runInPages } from './paged-job.ts';

const ENCRYPTED = 'enc:v1:%';
const underPrimary = (cipher: SecretCipher) => `enc:v1:${cipher.primaryKeyId}:%`;

/**
 * One page of the walk over every stored secret whose value does not match `keep`: endpoints first,
 * then sources (one cursor, see SOURCES_START). Each value is rewritten under the primary key.
 */
async function rewritePage(db: Tx, cipher: SecretCipher, keep: string, after: string, limit: number) {
  // a value already as wanted is kept: a row is picked when any of its values is not
  const rewrite = (v: string) => (v.startsWith(keep.slice(0, -1)) ? v : cipher.encrypt(cipher.decrypt(v)));
  const rewriteNullable = (v: string | null) => (v === null ? null : rewrite(v));
  if (after < SOURCES_START) {
    const rows = await endpointSecretsPage(db, keep, after, limit);
    if (rows.length > 0) {
      await writeEndpointSecrets(
        db,
        rows.map((r) => ({
          id: r.id,
          secret: rewrite(r.secret),
          previous_secret: rewriteNullable(r.previous_secret),
          destination_url: rewriteNullable(r.destination_url),
          destination_password: rewriteNullable(r.destination_password),
        })),
      );
      return { n: rows.length, last: rows.at(-1)!.id };
    }
  }
  const rows = await sourceSecretsPage(db, keep, after < SOURCES_START ? '' : after, limit);
  await writeSourceSecrets(
    db,
    rows.map((r) => ({
      id: r.id,
      secret: rewriteNullable(r.secret),
      broker_url: rewriteNullable(r.broker_url),
      broker_password: rewriteNullable(r.broker_password),
    })),
  );
  return { n: rows.length, last: rows.at(-1)?.id ?? null };
}

/**
 * At boot, before the roles start: refuses keys that cannot read what is stored (a key id in use that
 * HERALD_ENCRYPTION_KEY lacks), then encrypts secrets still stored in plaintext (rows from before
 * encryption existed). One process at a time does the pass (session lock); the others go on, since a
 * plaintext row still reads as itself.
 */
export async function secureStoredSecrets(pool: Pool, cipher: SecretCipher, log: Logger): Promise<void> {
  const missing = [...(await keyIdsInUse(pool))].filter(([kid]) => !cipher.keyIds.includes(kid));
  if (missing.length > 0) {
    const list = missing.map(([kid, n]) => `${kid} (${n} secret${n === 1 ? '' : 's'})`).join(', ');
    throw new EncryptionKeyError(
      `stored secrets are encrypted with key id(s) ${list} that HERALD_ENCRYPTION_KEY does not hold: add the key(s) that encrypted them`,
    );
  }
  const encrypted = await withSessionLock(pool, 'herald-secrets-boot', async () => {
    let after = '';
    let n = 0;
    for (;;) {
      const page = await withTransaction(pool, (db) => rewritePage(db, cipher, ENCRYPTED, after, 500));
      if (page.n === 0 || page.last === null) return n;
      n += page.n;
      after = page.last;
    }
  });
  if (encrypted) log.info({ rows: encrypted, keyId: cipher.primaryKeyId }, 'plaintext secrets encrypted');
}

/** The re-encryption job: every stored secret not under the primary key is rewritten under it. */
export async function startReencrypt(ctx: Context): Promise<JobRow> {
  return withTransaction(ctx.pool, async (db) => {
    const job = await insertJob(db, {
      id: newId('job'),
      appId: null,
      type: 'reencrypt',
      params: { keyId: ctx.secrets.primaryKeyId },
      total: await countSecretsNotLike(db, underPrimary(ctx.secrets)),
    });
    await ctx.boss.send(QUEUES.platform, { jobId: job.id }, { db: bossDb(db) });
    return job;
  });
}

export async function runReencrypt(ctx: Context, job: JobRow, signal: AbortSignal) {
  const keyId = job.params.keyId as string;
  if (keyId !== ctx.secrets.primaryKeyId) {
    // a retry would meet the same configuration: the job fails and says why
    const error = `the job re-encrypts under key id ${keyId}, but this worker's first key is ${ctx.secrets.primaryKeyId}: give every process the same HERALD_ENCRYPTION_KEY`;
    await finishJob(ctx.pool, job.id, 'failed', null, error);
    return null;
  }
  const keep = underPrimary(ctx.secrets);
  const result = await runInPages(ctx, job, signal, (db, after) =>
    rewritePage(db, ctx.secrets, keep, after, ctx.config.HERALD_JOB_PAGE_SIZE),
  );
  return result && { reencrypted: result.done, keyId };
}
