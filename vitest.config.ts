import { defineConfig } from 'vitest/config';

// Integration tests share one PostgreSQL server (embedded unless DATABASE_URL is set); each test file
// makes its own database, so files run in parallel without seeing each other's rows.
export default defineConfig({
  test: {
    include: [
      'apps/*/src/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
    ],
    globalSetup: ['./apps/server/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
