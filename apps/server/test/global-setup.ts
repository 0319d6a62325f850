import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared PostgreSQL server; test files make their own database on it (test/helpers/database.ts). */
    databaseUrl: string;
  }
}

/**
 * One PostgreSQL server for the whole run: DATABASE_URL when set (its role needs CREATEDB), otherwise an
 * embedded cluster in a fresh temp dir, stopped and removed at the end.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) {
    project.provide('databaseUrl', fromEnv);
    return undefined;
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-test-pg-'));
  const removeDir = () => rm(dataDir, { recursive: true, force: true });
  const db = await startEmbeddedPostgres({ dataDir }).catch(async (err: unknown) => {
    await removeDir();
    throw err;
  });
  project.provide('databaseUrl', db.url);
  return async () => {
    await db.stop();
    await removeDir();
  };
}
