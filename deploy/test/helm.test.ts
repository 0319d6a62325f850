import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

// The Helm chart (deploy/helm/herald): `helm lint --strict` and `helm template` with each value set in its
// ci/ folder, and the rendered manifests checked. Helm is built from the Go module proxy
// (`go install helm.sh/helm/v3/cmd/helm@v3.22.0`; .ci/run does it when it is missing).

const run = promisify(execFile);
const chart = fileURLToPath(new URL('../helm/herald/', import.meta.url));

function findHelm(): string | null {
  if (process.env.HELM) return process.env.HELM;
  for (const dir of (process.env.PATH ?? '').split(':'))
    if (existsSync(join(dir, 'helm'))) return join(dir, 'helm');
  const gopath = process.env.GOPATH ?? join(process.env.HOME ?? '/root', 'go');
  return existsSync(join(gopath, 'bin', 'helm')) ? join(gopath, 'bin', 'helm') : null;
}
const helm = findHelm();
if (!helm && process.env.CI === 'true') {
  throw new Error('helm not found (HELM, PATH, $GOPATH/bin): go install helm.sh/helm/v3/cmd/helm@v3.22.0');
}

type Manifest = {
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [k: string]: any;
};

async function template(args: string[]): Promise<Manifest[]> {
  const { stdout } = await run(helm!, ['template', 'r', chart, ...args], { maxBuffer: 16 << 20 });
  return parseAllDocuments(stdout)
    .map((d) => d.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}
async function templateError(args: string[]): Promise<string> {
  try {
    await run(helm!, ['template', 'r', chart, ...args]);
  } catch (err) {
    return String((err as { stderr?: string }).stderr);
  }
  throw new Error(`helm template ${args.join(' ')} succeeded`);
}
const values = (name: string) => ['-f', join(chart, 'ci', `${name}-values.yaml`)];
const byKind = (ms: Manifest[], kind: string) => ms.filter((m) => m.kind === kind);
const one = (ms: Manifest[], kind: string, name: string) => {
  const found = ms.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found)
    throw new Error(`no ${kind} ${name} in ${ms.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`);
  return found;
};
const container = (m: Manifest) => m.spec.template.spec.containers[0];
const secretRefs = (m: Manifest): string[] =>
  container(m).env.flatMap((e: any) => (e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef.name] : []));
const b64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

describe.skipIf(!helm)('the Helm chart', () => {
  it('passes helm lint --strict with every value set in ci/', async () => {
    const sets = (await readdir(join(chart, 'ci'))).filter((f) => f.endsWith('-values.yaml'));
    expect(sets.length).toBeGreaterThanOrEqual(3);
    for (const set of sets) {
      const { stdout } = await run(helm!, ['lint', '--strict', chart, '-f', join(chart, 'ci', set)]);
      expect(stdout, set).toContain('0 chart(s) failed');
    }
  });

  it('minimal values: api and worker Deployments, the migration hook, Secret, ConfigMap, Service, PDBs', async () => {
    const ms = await template(values('minimal'));
    expect(ms.map((m) => m.kind).sort()).toEqual(
      [
        'ConfigMap',
        'Deployment',
        'Deployment',
        'Job',
        'PodDisruptionBudget',
        'PodDisruptionBudget',
        'Secret',
        'Secret',
        'Service',
        'ServiceAccount',
      ].sort(),
    );
    const api = one(ms, 'Deployment', 'r-herald-api');
    const worker = one(ms, 'Deployment', 'r-herald-worker');
    expect(container(api).args).toEqual(['api']);
    expect(container(worker).args).toEqual(['worker']);
    expect(api.spec.replicas).toBe(2);
    expect(worker.spec.replicas).toBe(2);
    expect(container(api).livenessProbe.httpGet.path).toBe('/health');
    expect(container(api).readinessProbe.httpGet.path).toBe('/ready');
    expect(container(worker).ports).toBeUndefined();

    const config = one(ms, 'ConfigMap', 'r-herald').data;
    expect(config).toMatchObject({
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: '8080',
      HERALD_SHUTDOWN_TIMEOUT_MS: '9000',
    });
    for (const d of [api, worker]) {
      const pod = d.spec.template.spec;
      // Kubernetes' SIGKILL comes after Herald's own deadline (timeout, then 1 s to the forced exit)
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(9 + 1);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
      expect(container(d).securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      });
      expect(container(d).volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
      expect(container(d).resources.requests.cpu).toBeDefined();
      expect(container(d).envFrom).toEqual([{ configMapRef: { name: 'r-herald' } }]);
      expect(new Set(secretRefs(d))).toEqual(new Set(['r-herald']));
      // the selector matches the pods, and the PDB the same pods
      const labels = d.spec.template.metadata.labels;
      for (const [k, v] of Object.entries(d.spec.selector.matchLabels)) expect(labels[k]).toBe(v);
      const pdb = one(ms, 'PodDisruptionBudget', d.metadata.name);
      expect(pdb.spec.selector.matchLabels).toEqual(d.spec.selector.matchLabels);
      expect(pdb.spec.minAvailable).toBe(1);
    }
    expect(one(ms, 'Service', 'r-herald').spec.selector).toEqual(api.spec.selector.matchLabels);
    expect(b64(one(ms, 'Secret', 'r-herald').data.DATABASE_URL)).toBe(
      'postgres://herald:secret@postgres.db.svc:5432/herald',
    );

    // the migration Job runs before install and upgrade, with a hook Secret made before it
    const job = one(ms, 'Job', 'r-herald-migrate');
    const hookSecret = one(ms, 'Secret', 'r-herald-migrate');
    for (const hook of [job, hookSecret]) {
      expect(hook.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
      expect(hook.metadata.annotations?.['helm.sh/hook-delete-policy']).toContain('before-hook-creation');
    }
    expect(Number(hookSecret.metadata.annotations?.['helm.sh/hook-weight'])).toBeLessThan(
      Number(job.metadata.annotations?.['helm.sh/hook-weight']),
    );
    expect(container(job).args).toEqual(['migrate']);
    expect(new Set(secretRefs(job))).toEqual(new Set(['r-herald-migrate']));
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    // the chart's ServiceAccount does not exist yet when a pre-install hook runs
    expect(job.spec.template.spec.serviceAccountName).toBeUndefined();
    expect(container(job).securityContext.readOnlyRootFilesystem).toBe(true);
  });

  it('an existing Secret, an Ingress with TLS, an HPA for the api', async () => {
    const ms = await template(values('existing-secret'));
    expect(byKind(ms, 'Secret')).toEqual([]);
    expect(byKind(ms, 'ServiceAccount')).toEqual([]);
    const api = one(ms, 'Deployment', 'r-herald-api');
    expect(api.spec.replicas).toBeUndefined(); // the HPA owns it
    for (const d of [api, one(ms, 'Deployment', 'r-herald-worker'), one(ms, 'Job', 'r-herald-migrate')]) {
      expect(new Set(secretRefs(d))).toEqual(new Set(['herald-credentials']));
      expect(container(d).image).toBe('registry.example.com/herald:0.1.0-rc.1');
      expect(d.spec.template.spec.serviceAccountName).toBe('herald-runner');
      expect(d.spec.template.spec.imagePullSecrets).toEqual([{ name: 'registry' }]);
    }
    const hpa = one(ms, 'HorizontalPodAutoscaler', 'r-herald-api');
    expect(hpa.spec).toMatchObject({
      scaleTargetRef: { kind: 'Deployment', name: 'r-herald-api' },
      minReplicas: 3,
      maxReplicas: 12,
    });
    expect(hpa.spec.metrics[0].resource.target.averageUtilization).toBe(60);
    const ingress = one(ms, 'Ingress', 'r-herald');
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.tls).toEqual([{ secretName: 'herald-tls', hosts: ['herald.example.com'] }]);
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({
      name: 'r-herald',
      port: { name: 'http' },
    });
  });

  it('behind PgBouncer: the direct URL in the Secret, grace period from the shutdown timeout, no hook', async () => {
    const ms = await template(values('pgbouncer'));
    const secret = one(ms, 'Secret', 'r-herald').data;
    expect(b64(secret.DATABASE_URL)).toContain('pgbouncer.db.svc:6432');
    expect(b64(secret.HERALD_DIRECT_DATABASE_URL)).toContain('postgres.db.svc:5432');
    expect(b64(secret.HERALD_API_KEY)).toBe('hk_chart_test_root_key_0123456789');
    expect(b64(secret.HERALD_ENCRYPTION_KEY)).toBe('aGVyYWxkLWNoYXJ0LWVuY3J5cHRpb24ta2V5LTMyYiE=');
    const config = one(ms, 'ConfigMap', 'r-herald').data;
    expect(config).toMatchObject({
      HERALD_SHUTDOWN_TIMEOUT_MS: '30000',
      HERALD_WORKER_CONCURRENCY: '400',
      HERALD_LOG_LEVEL: 'warn',
    });
    const worker = one(ms, 'Deployment', 'r-herald-worker');
    expect(worker.spec.replicas).toBe(6);
    expect(worker.spec.template.spec.terminationGracePeriodSeconds).toBe(30 + 1 + 5);
    expect(container(worker).env).toContainEqual({ name: 'HERALD_OPERATIONAL_APP', value: 'ops' });
    expect(byKind(ms, 'Job')).toEqual([]);
    expect(byKind(ms, 'PodDisruptionBudget').map((p) => [p.metadata.name, p.spec])).toEqual([
      [
        'r-herald-api',
        {
          maxUnavailable: 1,
          selector: { matchLabels: one(ms, 'Deployment', 'r-herald-api').spec.selector.matchLabels },
        },
      ],
    ]);
  });

  it('refuses values that cannot work, naming the value', async () => {
    expect(await templateError([])).toContain('set database.url');
    expect(await templateError(['--set', 'database.url=postgres://h:s@db:5432/herald'])).toContain(
      'set encryptionKey',
    );
    expect(await templateError([...values('minimal'), '--set', 'config.DATABASE_URL=x'])).toContain(
      'config.DATABASE_URL',
    );
    expect(await templateError([...values('minimal'), '--set', 'shutdownTimeoutMs=120000'])).toContain(
      'shutdownTimeoutMs',
    );
  });
});

describe("the chart's README", () => {
  it('has a row in its values table for every value', async () => {
    const readme = await readFile(join(chart, 'README.md'), 'utf8');
    const tree = parse(await readFile(join(chart, 'values.yaml'), 'utf8')) as Record<string, unknown>;
    // maps handed to Kubernetes or Herald as they are: one row for the whole map
    const whole = new Set([
      'resources',
      'config',
      'podSecurityContext',
      'securityContext',
      'annotations',
      'podAnnotations',
      'nodeSelector',
      'affinity',
    ]);
    const paths: string[] = [];
    const walk = (node: unknown, prefix: string) => {
      for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
        const path = prefix ? `${prefix}.${k}` : k;
        if (v && typeof v === 'object' && !Array.isArray(v) && !whole.has(k)) walk(v, path);
        else paths.push(path);
      }
    };
    walk(tree, '');
    const missing = paths.filter((p) => !readme.includes(`| \`${p}\``));
    expect(missing).toEqual([]);
  });
});
