// Herald's direction rules (docs/architecture.md, "Direction"), checked by `npm run depcruise` in .ci/run.
// Paths are the resolved files: a workspace package such as `@herald/contracts` resolves through its
// node_modules link to `packages/contracts/src/index.ts`, so one rule covers both ways of importing it.
// Type-only imports count: a type is a dependency too.

const server = '^apps/server/src/';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'api-not-worker',
      comment: 'api/ and worker/ run as separate roles; they meet in services/, delivery/, queue/ and db/',
      severity: 'error',
      from: { path: `${server}api/` },
      to: { path: `${server}worker/` },
    },
    {
      name: 'worker-not-api',
      comment: 'api/ and worker/ run as separate roles; they meet in services/, delivery/, queue/ and db/',
      severity: 'error',
      from: { path: `${server}worker/` },
      to: { path: `${server}api/` },
    },
    {
      name: 'lower-layers-not-upper',
      comment:
        'delivery/, db/ and queue/ are the layers the use cases stand on; what they need from services/ ' +
        '(e.g. publishing) is handed in by the caller',
      severity: 'error',
      from: { path: `${server}(delivery|db|queue)/` },
      to: { path: `${server}(services|api|worker)/` },
    },
    {
      name: 'db-not-delivery-or-queue',
      comment:
        'db/ is the bottom layer: the SQL of each table group, used by queue/ and delivery/, not using them',
      severity: 'error',
      from: { path: `${server}db/` },
      to: { path: `${server}(delivery|queue)/` },
    },
    {
      name: 'brokers-are-clients',
      comment:
        'brokers/ holds the broker clients (connections, publishes, their state): delivery/ and worker/ use ' +
        'them; they know nothing of the layers above, nor of the database',
      severity: 'error',
      from: { path: `${server}brokers/` },
      to: { path: `${server}(services|api|worker|delivery|db|queue)/` },
    },
    {
      name: 'server-no-cycles',
      comment: 'a cycle among server modules makes load order matter and the layers meaningless',
      severity: 'error',
      from: { path: server },
      to: { circular: true },
    },
    {
      name: 'packages-not-apps',
      comment: 'packages are libraries the apps are built on; they must work without any app',
      severity: 'error',
      from: { path: '^packages/[^/]+/src/' },
      to: { path: '^apps/' },
    },
    {
      name: 'contracts-standalone',
      comment: 'contracts is the browser-safe root every other package and app builds on (zod only)',
      severity: 'error',
      from: { path: '^packages/contracts/' },
      to: { path: '^packages/(?!contracts/)' },
    },
    {
      name: 'sdk-workspace-deps',
      comment:
        'the SDK runs in browsers and Node: only the API contracts and the dependency-free signing headers, ' +
        'not the Node-only signing code',
      severity: 'error',
      from: { path: '^packages/sdk/' },
      to: {
        path: '^packages/',
        pathNot: '^packages/(sdk/|contracts/src/index\\.ts$|signing/src/headers\\.ts$)',
      },
    },
    {
      name: 'dashboard-workspace-deps',
      comment: 'the dashboard is a browser client of the public API: it knows the contracts, not the server',
      severity: 'error',
      from: { path: '^apps/dashboard/src/' },
      to: { path: '^(packages/(?!contracts/)|apps/(?!dashboard/))' },
    },
    {
      name: 'no-relative-import-across-workspaces',
      comment:
        "another app's or package's files are reached by its package name and exports, declared in " +
        'package.json; a relative path skips both',
      severity: 'error',
      from: { path: '^(apps|packages)/([^/]+)/src/' },
      to: { dependencyTypes: ['local'], path: '^(apps|packages)/', pathNot: '^$1/$2/' },
    },
    {
      name: 'resolvable',
      comment: 'an import the cruiser cannot resolve escapes every rule above',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      // the workspace packages' `exports` point at their .ts sources; `types` for type-only references
      exportsFields: ['exports'],
      conditionNames: ['import', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs'],
    },
  },
};
