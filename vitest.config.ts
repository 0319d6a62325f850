import { configDefaults, defineConfig } from 'vitest/config';

// Tests by kind, one project each: `vitest run --project unit` (npm run test:unit) runs only that kind.
// `api` and `processes` share one PostgreSQL server (embedded unless DATABASE_URL is set; see
// apps/server/test/global-setup.ts), where each test file makes its own database, so files run in
// parallel without seeing each other's rows. `unit` starts no database. All projects run in one pool
// of two workers (the CI machine has 2 cores).

/** Files that spawn processes: `node apps/server/src/main.ts ...`, or PostgreSQL itself. */
const processes = [
  'apps/server/test/processes*.test.ts',
  'apps/cli/test/**/*.test.ts',
  'packages/*/test/package*.test.ts',
  'apps/server/src/embedded-postgres/embedded.test.ts',
];
/** Beside the code but on a database. */
const srcOnDatabase = ['apps/server/src/worker/queue-analyzer.test.ts'];
/** In test/ but without a database: checked-in documents against the code. */
const drift = 'apps/server/test/*-drift.test.ts';
const globalSetup = ['./apps/server/test/global-setup.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['apps/*/src/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'deploy/test/*.test.ts', drift],
          exclude: [...configDefaults.exclude, ...processes, ...srcOnDatabase],
        },
      },
      {
        extends: true,
        test: {
          name: 'api',
          include: [...srcOnDatabase, 'apps/*/test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...processes, drift],
          globalSetup,
        },
      },
      {
        extends: true,
        test: { name: 'processes', include: processes, globalSetup },
      },
    ],
  },
});
