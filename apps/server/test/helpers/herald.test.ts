import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from './api.ts';
import { startTestHerald, type TestHerald } from './herald.ts';

// The API role alone, called through inject(): no port, no socket, the same answers as over HTTP.
let h: TestHerald;
beforeAll(async () => {
  h = await startTestHerald({}, ['api'], { inject: true });
});
afterAll(async () => {
  await h?.stop();
});

describe('startTestHerald with inject', () => {
  it('does not listen, and answers with status, headers and JSON as over HTTP', async () => {
    expect(h.url).toBe('');
    expect(h.herald.url).toBeNull();
    const created = await h.api('POST', '/v1/apps', { name: 'injected', uid: 'injected' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.headers.get('content-type')).toMatch(/^application\/json/);
    const read = await h.api('GET', '/v1/apps/injected');
    expect(read.body).toMatchObject({ id: created.body.id, name: 'injected' });

    expectProblem(await h.api('GET', '/v1/apps', undefined, { key: null }), 401);
    expectProblem(await h.api('GET', '/v1/apps/nope'), 404);
    expectProblem(await h.api('POST', '/v1/apps', '{"name":', {}), 400);
    expect(h.serverErrors).toEqual([]);
  });
});
