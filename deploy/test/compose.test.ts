import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// docker-compose.yml builds the image and runs Herald as separate roles: migrations once, then api and
// worker, each scalable. Checked by parsing it (Docker is not needed to read it).

type Service = {
  build?: string;
  image?: string;
  command?: string[];
  ports?: string[];
  restart?: string;
  read_only?: boolean;
  tmpfs?: string[];
  stop_grace_period?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { disable?: boolean };
};

const compose = parse(await readFile(new URL('../../docker-compose.yml', import.meta.url), 'utf8'), {
  merge: true,
}) as { services: Record<string, Service> };
const { migrate, api, worker } = compose.services;

describe('docker-compose.yml', () => {
  it('builds the image and runs it as migrate (once), api and worker', () => {
    for (const s of [migrate, api, worker]) {
      expect(s?.build).toBe('.');
      expect(s?.image).toBe('herald:local');
      expect(s?.environment?.NODE_ENV).toBe('production');
      expect(s?.environment?.DATABASE_URL).toMatch(/^postgres:\/\/.*@db:5432\//);
      expect(s?.read_only).toBe(true);
      expect(s?.tmpfs).toEqual(['/tmp']);
    }
    expect(migrate?.command).toEqual(['migrate']);
    expect(migrate?.restart).toBe('no');
    expect(migrate?.depends_on?.db?.condition).toBe('service_healthy');
    expect(api?.command).toEqual(['api']);
    expect(worker?.command).toEqual(['worker']);
    for (const s of [api, worker]) {
      expect(s?.depends_on?.migrate?.condition).toBe('service_completed_successfully');
    }
  });

  it('lets api and worker scale: no fixed container names, api on a range of host ports', () => {
    expect(JSON.stringify(compose.services)).not.toContain('container_name');
    expect(api?.ports).toEqual(['8080-8083:8080']);
    expect(worker?.ports).toBeUndefined();
    expect(worker?.healthcheck?.disable).toBe(true);
  });

  it('gives Herald longer than its own shutdown deadline before SIGKILL', () => {
    const seconds = Number.parseInt(api?.stop_grace_period ?? '0', 10);
    expect(seconds).toBeGreaterThan(9 + 1);
  });
});
