import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { ConfigError, loadConfig } from './config.ts';
import { runMigrations } from './db/migrate.ts';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres/index.ts';
import { type Role, startHerald } from './runtime.ts';
import { version } from './version.ts';

const commands: Record<string, Role[] | 'migrate'> = {
  start: ['api', 'worker'],
  api: ['api'],
  worker: ['worker'],
  migrate: 'migrate',
};

async function main() {
  const command = process.argv[2] ?? 'start';
  if (command === 'listen' || command === 'publish' || command === 'tail') {
    // clients of the API, not roles: no config, no database (the same commands as the @herald/cli bin)
    const { run } = await import('@herald/cli/commands');
    process.exitCode = await run(command, process.argv.slice(3));
    return;
  }
  const roles = commands[command];
  if (!roles) {
    console.error(
      `usage: herald <start|api|worker|migrate>   (got "${command}")\n       herald <listen|publish|tail> --help`,
    );
    process.exit(2);
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const log = pino({ level: config.HERALD_LOG_LEVEL, base: { role: command } });
  const started = Date.now();

  let embedded: EmbeddedPostgres | null = null;
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({
      dataDir: config.HERALD_DATA_DIR,
      log: (m) => log.debug(m),
      warn: (m) => log.warn(m),
    });
    databaseUrl = embedded.url;
  }
  // behind PgBouncer in transaction mode, what needs a session goes straight to PostgreSQL
  const directUrl = (embedded ? undefined : config.HERALD_DIRECT_DATABASE_URL) ?? databaseUrl;
  // a session advisory lock and SET lock_timeout: on the direct connection
  const applied = await runMigrations(directUrl, (m) => log.warn(m), {
    partitionDays: config.HERALD_PARTITION_DAYS,
  });
  if (applied.length > 0) log.info({ migrations: applied }, 'migrations applied');

  if (roles === 'migrate') {
    // the queue's own schema is installed by its first start
    const { createBoss, createQueues } = await import('./queue/boss.ts');
    const boss = createBoss(directUrl, { supervise: false, max: 2 });
    await boss.start();
    await createQueues(boss, config);
    await boss.stop({ graceful: false });
    await embedded?.stop();
    console.log(`herald migrate: ${applied.length} migration(s) applied, queue schema ready`);
    return;
  }

  const herald = await startHerald({ config, databaseUrl, directUrl, roles, log });

  // Before the banner: whoever waits for "ready" may signal at once, and until a listener exists a
  // SIGTERM/SIGINT kills the process outright (no graceful stop, exit by signal instead of 0).
  closeWithGrace({ delay: config.HERALD_SHUTDOWN_TIMEOUT_MS + 1000 }, async ({ signal, err }) => {
    if (err) log.error({ err }, 'fatal error, shutting down');
    else log.info({ signal }, 'shutting down');
    await herald.stop();
    await embedded?.stop();
  });

  const lines = [
    `Herald ${version} (${roles.join(' + ')}) ready in ${Date.now() - started} ms`,
    herald.url ? `  API and dashboard  ${herald.url}   (docs: ${herald.url}/docs)` : null,
    embedded
      ? `  database           embedded PostgreSQL, data in ${config.HERALD_DATA_DIR} (port ${embedded.port})`
      : '  database           DATABASE_URL',
    config.devMode
      ? '  mode               development: deliveries to loopback/private addresses are allowed'
      : `  mode               production${config.allowPrivateNetworks ? ' (private networks allowed by HERALD_ALLOW_PRIVATE_NETWORKS)' : ''}`,
    herald.encryption.source === 'env'
      ? `  secrets at rest    AES-256-GCM, key id ${herald.encryption.keyId} (HERALD_ENCRYPTION_KEY)`
      : `  secrets at rest    AES-256-GCM, key id ${herald.encryption.keyId}: development key in ${herald.encryption.file}${herald.encryption.source === 'dev-generated' ? ' (generated now)' : ''}; set HERALD_ENCRYPTION_KEY in production`,
    herald.rootKey?.kind === 'env' ? '  root API key       from HERALD_API_KEY' : null,
    herald.rootKey?.kind === 'stored'
      ? '  root API key       generated on first start (only its hash is stored)'
      : null,
    herald.rootKey?.kind === 'generated'
      ? `  root API key       ${herald.rootKey.key}\n                     generated now and shown only this once: keep it`
      : null,
  ].filter(Boolean);
  console.log(lines.join('\n'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
