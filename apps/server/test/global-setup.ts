import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../src/embedded-postgres/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared PostgreSQL server; test files make their own database on it (test/helpers/database.ts). */
    databaseUrl: string;
  }
}

/** One server for every project of the run that lists this setup (api, processes), stopped by the last. */
type Shared = { server: Promise<{ db: EmbeddedPostgres; dataDir: string }>; users: number };
const key = Symbol.for('herald.test.postgres');
const shared = globalThis as { [key]?: Shared };

/**
 * One PostgreSQL server for the whole run: DATABASE_URL when set (its role needs CREATEDB), otherwise an
 * embedded cluster in a fresh temp dir, stopped at the end and removed unless a test failed (then it is
 * kept, with the databases of the failed files, and the command to start it again is printed).
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) {
    project.provide('databaseUrl', fromEnv);
    return undefined;
  }
  shared[key] ??= { server: startServer(), users: 0 };
  const s = shared[key];
  s.users += 1;
  const { db, dataDir } = await s.server;
  project.provide('databaseUrl', db.url);
  return async () => {
    s.users -= 1;
    if (s.users > 0) return;
    delete shared[key];
    await db.stop();
    if (!anyFailed(project)) {
      await rm(dataDir, { recursive: true, force: true });
      return;
    }
    const start = `import('./apps/server/src/embedded-postgres/index.ts').then((m) => m.startEmbeddedPostgres({ dataDir: '${dataDir}', port: ${db.port} })).then((db) => console.log(db.url))`;
    console.warn(
      `\nA test failed: the test PostgreSQL is kept in ${dataDir} (remove it when done).\n` +
        `Start it again, on the same port as the URLs printed above, with:\n  node -e "${start}"\n`,
    );
  };
}

async function startServer() {
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-test-pg-'));
  const db = await startEmbeddedPostgres({ dataDir }).catch(async (err: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  });
  return { db, dataDir };
}

function anyFailed(project: TestProject): boolean {
  const { state } = project.vitest;
  return state.getUnhandledErrors().length > 0 || state.getTestModules().some((m) => !m.ok());
}
