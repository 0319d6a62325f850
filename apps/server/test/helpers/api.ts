import pg from 'pg';
import { expect } from 'vitest';
import type { ApiResponse, TestHerald } from './herald.ts';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Asserts an RFC 9457 problem answer: the status, content-type application/problem+json, the standard
 * members, and (when `path` is given) a field error naming that path. Returns the problem.
 */
export function expectProblem(res: ApiResponse, status: number, path?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
    detail: expect.any(String),
  });
  if (path !== undefined) {
    expect(res.body.errors, JSON.stringify(res.body)).toEqual(
      expect.arrayContaining([{ path, message: expect.any(String) }]),
    );
  }
  return res.body as { type: string; title: string; status: number; detail: string; errors?: any[] };
}

/** The usual setup calls against a test Herald, asserting they succeed. */
export function resources(h: TestHerald) {
  async function newApp(body: Record<string, unknown> = {}) {
    const res = await h.api('POST', '/v1/apps', { name: 'test app', ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; uid: string | null; name: string };
  }

  async function newEndpoint(app: string, url: string, body: Record<string, unknown> = {}) {
    const res = await h.api('POST', `/v1/apps/${app}/endpoints`, { url, ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const secret = await h.api('GET', `/v1/apps/${app}/endpoints/${res.body.id}/secret`);
    return { id: res.body.id as string, secret: secret.body.key as string, body: res.body };
  }

  async function publish(app: string, body: Record<string, unknown>, headers?: Record<string, string>) {
    const res = await h.api('POST', `/v1/apps/${app}/messages`, body, headers ? { headers } : {});
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    return res.body as { id: string; timestamp: string; eventType: string; payload: any };
  }

  const attemptsOf = (app: string, msg: string) =>
    h.api('GET', `/v1/apps/${app}/messages/${msg}/attempts`).then((r) => r.body.data as any[]);
  const deliveriesOf = (app: string, msg: string) =>
    h.api('GET', `/v1/apps/${app}/messages/${msg}/deliveries`).then((r) => r.body.data as any[]);

  return { newApp, newEndpoint, publish, attemptsOf, deliveriesOf };
}

/** One query straight against the test Herald's database, to check side effects the API cannot show. */
export async function queryDb<T extends pg.QueryResultRow = any>(
  h: TestHerald,
  sql: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: h.db.url });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}
