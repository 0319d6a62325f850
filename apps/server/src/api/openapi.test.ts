// The OpenAPI document is what client generators read (clients/python, clients/go): these checks keep
// it fit for them as routes are added. A route missing from operations.ts fails here.
import { describe, expect, it } from 'vitest';
import { generateOpenApi } from '../../../../scripts/openapi.ts';

type Json = Record<string, any>;
const doc = JSON.parse(await generateOpenApi()) as Json;
const operations = Object.entries(doc.paths as Record<string, Record<string, Json>>).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
);

function inlineObjects(node: unknown, at: string, out: string[]): string[] {
  if (Array.isArray(node)) {
    node.forEach((n, i) => {
      inlineObjects(n, `${at}/${i}`, out);
    });
  } else if (node && typeof node === 'object') {
    const o = node as Json;
    if (o.type === 'object' && o.properties && Object.keys(o.properties).length > 0) out.push(at);
    for (const [k, v] of Object.entries(o)) inlineObjects(v, `${at}/${k}`, out);
  }
  return out;
}

describe('the OpenAPI document, for generators', () => {
  it('gives every operation an operationId (unique), a summary and a declared tag', () => {
    const declared = new Set((doc.tags as Json[]).map((t) => t.name));
    const missing = operations
      .filter(
        ({ op }) =>
          !op.operationId ||
          !op.summary ||
          !op.tags?.length ||
          !op.tags.every((t: string) => declared.has(t)),
      )
      .map(({ key }) => key);
    expect(
      missing,
      'add these routes to apps/server/src/api/operations.ts (operationId, summary) and their tag to openapi.ts',
    ).toEqual([]);
    const ids = operations.map(({ op }) => op.operationId);
    expect(ids.length).toBe(new Set(ids).size);
    expect(ids.every((id) => /^[a-z][A-Za-z0-9]*$/.test(id))).toBe(true);
  });

  it('names every body and response schema, with an example', () => {
    const problems: string[] = [];
    for (const { key, op } of operations) {
      const media: Array<[string, Json]> = [];
      const body = op.requestBody?.content?.['application/json'];
      if (body) media.push(['request body', body]);
      for (const [status, r] of Object.entries(op.responses as Record<string, Json>)) {
        const json = r.content?.['application/json'];
        if (json) media.push([status, json]);
      }
      for (const [what, m] of media) {
        if (!m.schema?.$ref) problems.push(`${key} ${what}: inline schema`);
        if (m.example === undefined)
          problems.push(`${key} ${what}: no example (apps/server/src/api/openapi-examples.ts)`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('leaves no anonymous object schema in the paths and no two identical components', () => {
    expect(inlineObjects(doc.paths, '#/paths', [])).toEqual([]);
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const [name, schema] of Object.entries(doc.components.schemas as Json)) {
      const text = JSON.stringify(schema);
      if (seen.has(text)) duplicates.push(`${seen.get(text)} = ${name}`);
      seen.set(text, name);
    }
    expect(duplicates).toEqual([]);
  });

  it('documents errors as problem details', () => {
    const problems: string[] = [];
    for (const { key, op } of operations) {
      const statuses = Object.keys(op.responses);
      if (!statuses.includes('503')) problems.push(`${key}: no 503`);
      if (op.security?.length && !statuses.includes('401')) problems.push(`${key}: no 401`);
      for (const status of statuses.filter((s) => /^[45]/.test(s))) {
        const r = op.responses[status];
        const resolved = r.$ref ? doc.components.responses[r.$ref.split('/').pop()] : r;
        if (resolved?.content?.['application/problem+json']?.schema?.$ref !== '#/components/schemas/Problem')
          problems.push(`${key} ${status}: not a problem document`);
      }
    }
    expect(problems).toEqual([]);
  });
});
