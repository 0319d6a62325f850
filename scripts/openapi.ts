// Writes docs/openapi.json from the route schemas (npm run openapi). A test fails when the checked-in
// file drifts from what the server generates, so API changes show up in review.
import { writeFile } from 'node:fs/promises';
import type { PgBoss } from 'pg-boss';
import pino from 'pino';
import { buildApp } from '../apps/server/src/api/app.ts';
import { loadConfig } from '../apps/server/src/config.ts';

export async function generateOpenApi(): Promise<string> {
  // building the app opens no connection: the pool connects lazily and no request is made
  const app = await buildApp({
    config: loadConfig({ NODE_ENV: 'test', HERALD_API_KEY: 'openapi-generation-key' }),
    databaseUrl: 'postgres://openapi@127.0.0.1:1/none',
    boss: {} as PgBoss,
    log: pino({ level: 'silent' }),
  });
  await app.ready();
  const spec = app.swagger();
  await app.close();
  return `${JSON.stringify(spec, null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await writeFile(new URL('../docs/openapi.json', import.meta.url), await generateOpenApi());
  console.log('docs/openapi.json written');
}
