// `npm install` builds the dashboard with Vite, a devDependency. A production install (`npm ci --omit=dev`)
// has no Vite: the dashboard is built once where the devDependencies are (the image's dashboard stage,
// deploy/image.sh), so there is nothing to build here. Plain JavaScript: it may run on an older system Node.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
try {
  require.resolve('vite/package.json', { paths: [new URL('../apps/dashboard/', import.meta.url).pathname] });
} catch {
  console.log(
    'herald: devDependencies not installed, so the dashboard is not built here (npm run build where they are; the image builds it in its own stage)',
  );
  process.exit(0);
}
const npm = process.env.npm_execpath;
const result = npm
  ? spawnSync(process.execPath, [npm, 'run', 'build', '-w', '@herald/dashboard'], { stdio: 'inherit' })
  : spawnSync('npm', ['run', 'build', '-w', '@herald/dashboard'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
