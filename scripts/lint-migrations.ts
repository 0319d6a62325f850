// npm run lint:migrations: squawk over db/migrations (config in .squawk.toml). squawk ships one npm
// package per platform; the registry here serves only linux-x64, so that one is an optional dependency
// and other platforms are told what to do instead of silently skipping the lint.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const binary = `${root}node_modules/@squawk-cli/${process.platform}-${process.arch}/bin/squawk`;
if (!existsSync(binary)) {
  console.error(
    `squawk for ${process.platform}-${process.arch} is not installed (${binary}); install it (e.g. pip install squawk-cli) and run: squawk --config .squawk.toml db/migrations/*.sql`,
  );
  process.exit(1);
}
const files = readdirSync(`${root}db/migrations`)
  .filter((f) => f.endsWith('.sql'))
  .map((f) => `db/migrations/${f}`);
const run = spawnSync(binary, ['--config', '.squawk.toml', ...files], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
