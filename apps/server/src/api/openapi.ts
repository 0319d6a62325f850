/**
 * The OpenAPI document, made good enough for client generators in one place rather than in every route
 * file: each contracts schema becomes a named component (`$ref`, no anonymous duplicates), every
 * operation gets its operationId and summary from the table in `operations.ts`, its errors as problem
 * details, and examples from `openapi-examples.ts`. A route's own schema (`operationId`, `summary`, ...)
 * wins over the table. `apps/server/test/openapi-quality.test.ts` fails for a route the table misses.
 */

import type { SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
import type { ErrorCode } from '@herald/contracts';
import * as contracts from '@herald/contracts';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HeraldError, toProblem } from '../errors.ts';
import { examples } from './openapi-examples.ts';
import { operations } from './operations.ts';

/** `applicationIn` -> `ApplicationIn`. */
const pascal = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/**
 * Every exported object or enum schema of the contracts, under its export name. Query and params
 * schemas stay inline: Fastify's swagger turns them into parameters, which a `$ref` would hide.
 */
function contractRegistry() {
  const registry = z.registry<{ id: string }>();
  for (const [name, value] of Object.entries(contracts)) {
    if (!(value instanceof z.ZodType) || /Query$/.test(name)) continue;
    const type = value._zod.def.type;
    if (type === 'object' || type === 'enum' || type === 'union') registry.add(value, { id: pascal(name) });
  }
  return registry;
}

const registry = contractRegistry();
const withRefs = createJsonSchemaTransform({ schemaRegistry: registry });
const inline = createJsonSchemaTransform({ schemaRegistry: z.registry<{ id: string }>() });
const components = createJsonSchemaTransformObject({ schemaRegistry: registry });

/** OpenAPI's `{param}` form of a Fastify URL (`/v1/apps/:app` -> `/v1/apps/{app}`). */
export const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** Per route: bodies and responses by `$ref`, parameters inline, the table's operationId and summary. */
export const transform: SwaggerTransform = (input) => {
  const out = withRefs(input) as { schema: Record<string, unknown>; url: string };
  const { schema, route, url } = input as typeof input & { route?: { method: string | string[] } };
  if (!schema || out.schema.hide) return out;
  const parameters = inline({
    ...input,
    schema: { querystring: schema.querystring, params: schema.params, headers: schema.headers },
  } as typeof input) as unknown as { schema: Record<string, unknown> };
  for (const key of ['querystring', 'params', 'headers'] as const)
    if (parameters.schema[key]) out.schema[key] = parameters.schema[key];
  const method = [route?.method ?? []].flat()[0];
  const entry = method ? operations[`${method.toUpperCase()} ${openApiPath(url)}`] : undefined;
  if (entry) {
    const { empty: _empty, ...meta } = entry;
    out.schema = { ...meta, ...out.schema };
  }
  return out;
};

// biome-ignore lint/suspicious/noExplicitAny: a walk over an arbitrary JSON document
type Json = Record<string, any>;
type Document = Json & { paths: Record<string, Record<string, Json>>; components: Json };

const problemContent = (example: Json) => ({
  'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' }, example },
});

/** An example problem exactly as the error handler writes it. */
const problem = (code: ErrorCode, detail: string, errors?: Array<{ path: string; message: string }>) =>
  toProblem(new HeraldError(code, detail, errors));

/** The error answers every operation shares, as problem details (RFC 9457). */
const errorResponses: Record<string, Json> = {
  BadRequest: {
    description: 'The request is malformed (bad JSON, a bad parameter)',
    content: problemContent(problem('bad_request', 'body is not valid JSON')),
  },
  Unauthorized: {
    description: 'No API key, or a wrong one',
    content: problemContent(problem('unauthorized', 'missing or invalid API key')),
  },
  NotFound: {
    description: 'No such resource (or one the key may not see)',
    content: problemContent(problem('not_found', 'application not found')),
  },
  ValidationFailed: {
    description: 'The input is well-formed but invalid; `errors` names each field',
    content: problemContent(
      problem('validation_failed', 'body/url: Invalid URL', [{ path: 'body/url', message: 'Invalid URL' }]),
    ),
  },
  RateLimited: {
    description: 'Too many requests: retry after `Retry-After` seconds',
    headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'seconds to wait' } },
    content: problemContent(problem('rate_limited', 'rate limit exceeded, retry in 12 s')),
  },
  Unavailable: {
    description: 'Overloaded or the database is unreachable: retry after `Retry-After` seconds',
    headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'seconds to wait' } },
    content: problemContent(problem('unavailable', 'the database is unavailable')),
  },
};

const statusText: Record<string, string> = {
  '200': 'OK',
  '201': 'Created',
  '202': 'Accepted',
  '204': 'No content',
};

const tagDescriptions: Record<string, string> = {
  Applications: 'Your tenants; each has its own endpoints and messages',
  'Event types': 'The catalogue of event types, optionally with a JSON Schema for their payloads',
  Endpoints: "Where an application's webhooks go",
  Messages: 'Publishing events, the delivery log, deliveries and resends',
  Attempts: 'Every HTTP attempt across an application',
  'API keys': 'Keys, root or scoped to one application',
  'Events feed': 'Polling consumption of messages in publish order',
  Jobs: 'Long-running platform jobs: recovery, replay, exports',
  Sources: 'The inbound gateway: providers post their webhooks to Herald',
  Cluster: 'The api and worker instances of this Herald',
};

/** Walks a JSON tree, calling `fn` on every object. */
function walk(node: unknown, fn: (o: Json) => void): void {
  if (Array.isArray(node)) for (const n of node) walk(n, fn);
  else if (node && typeof node === 'object') {
    fn(node as Json);
    for (const v of Object.values(node)) walk(v, fn);
  }
}

const refName = (ref: unknown) =>
  typeof ref === 'string' && ref.startsWith('#/components/schemas/') ? ref.slice(21) : undefined;

/** `{data: [X], iterator, done}` (contracts' listResponse) as a component of its own: `XList`. */
function nameListResponses(doc: Document): void {
  const schemas = doc.components.schemas as Json;
  for (const ops of Object.values(doc.paths))
    for (const op of Object.values(ops))
      for (const response of Object.values((op.responses ?? {}) as Json)) {
        const media = response.content?.['application/json'];
        const s = media?.schema;
        const item = refName(s?.properties?.data?.items?.$ref);
        if (!s || s.$ref || !item || !s.properties.iterator || !s.properties.done) continue;
        const name = `${item}List`;
        schemas[name] ??= s;
        media.schema = { $ref: `#/components/schemas/${name}` };
      }
}

/**
 * What is still inline gets a name of its own: an optional body (`anyOf [X, null]`) becomes a body
 * that is not required, and an object schema right under a body or a response becomes
 * `<OperationId>Request` / `<OperationId>Result` (not `...Response`: oapi-codegen names its wrappers so).
 */
function nameInlineBodies(doc: Document): void {
  const schemas = doc.components.schemas as Json;
  for (const ops of Object.values(doc.paths))
    for (const op of Object.values(ops)) {
      const body = op.requestBody?.content?.['application/json'];
      const anyOf = body?.schema?.anyOf as Json[] | undefined;
      if (anyOf?.length === 2 && anyOf.some((s) => s.type === 'null')) {
        body.schema = anyOf.find((s) => s.type !== 'null');
        op.requestBody.required = false;
      }
      const named = (media: Json | undefined, suffix: string) => {
        if (!media?.schema || media.schema.$ref || media.schema.type !== 'object' || !op.operationId) return;
        const name = pascal(op.operationId) + suffix;
        schemas[name] = media.schema;
        media.schema = { $ref: `#/components/schemas/${name}` };
      };
      named(body, 'Request');
      for (const response of Object.values((op.responses ?? {}) as Json))
        named(response.content?.['application/json'], 'Result');
    }
}

/** Drops the components nothing reachable from the paths refers to. */
function pruneComponents(doc: Document): void {
  const schemas = doc.components.schemas as Json;
  const reachable = new Set<string>();
  const visit = (n: string) => {
    if (reachable.has(n) || !schemas[n]) return;
    reachable.add(n);
    walk(schemas[n], (o) => {
      const r = refName(o.$ref);
      if (r) visit(r);
    });
  };
  walk({ paths: doc.paths, components: { ...doc.components, schemas: undefined } }, (o) => {
    const n = refName(o.$ref);
    if (n) visit(n);
  });
  for (const n of Object.keys(schemas)) if (!reachable.has(n)) delete schemas[n];
}

/**
 * `XInput` (zod's input side) becomes `X` when it is identical to X or when there is no X (left); the
 * components sorted by name.
 */
function tidyComponents(doc: Document): void {
  pruneComponents(doc);
  const schemas = doc.components.schemas as Json;
  const rename = new Map<string, string>();
  for (const name of Object.keys(schemas)) {
    const base = name.replace(/Input$/, '');
    if (base === name) continue;
    if (!schemas[base] || JSON.stringify(schemas[base]) === JSON.stringify(schemas[name]))
      rename.set(name, base);
  }
  walk(doc, (o) => {
    const name = refName(o.$ref);
    if (name && rename.has(name)) o.$ref = `#/components/schemas/${rename.get(name)}`;
  });
  for (const [from, to] of rename) {
    schemas[to] ??= schemas[from];
    delete schemas[from];
  }
  doc.components.schemas = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * An example that fits `schema`: the hand-written one (`openapi-examples.ts`) where it has a value, a
 * value made from the schema where it has none (a required field added later, a component with no
 * example yet), and nothing the schema does not allow. So examples follow the contracts as they change.
 */
function fit(schema: Json | undefined, hand: unknown, schemas: Json, depth = 0): unknown {
  if (!schema || depth > 12) return hand ?? null;
  const ref = refName(schema.$ref);
  if (ref) return fit(schemas[ref], hand === undefined ? examples[ref] : hand, schemas, depth + 1);
  const branches = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (branches) {
    const fits = (b: Json) => {
      const resolved = refName(b.$ref) ? schemas[refName(b.$ref)!] : b;
      if (hand === null) return resolved?.type === 'null';
      if (hand === undefined) return resolved?.type !== 'null';
      const t = Array.isArray(hand)
        ? 'array'
        : typeof hand === 'number'
          ? ['number', 'integer']
          : typeof hand;
      const types = [resolved?.type ?? (resolved?.properties ? 'object' : undefined)].flat();
      if (!types.some((x) => [t].flat().includes(x))) return false;
      if (typeof hand === 'object' && resolved?.required)
        return (resolved.required as string[]).every((k) => k in (hand as Json) || resolved.properties?.[k]);
      return true;
    };
    const scored = branches.filter(fits);
    // among objects, the branch whose properties best cover the hand example
    const cover = (b: Json) => {
      const r = refName(b.$ref) ? schemas[refName(b.$ref)!] : b;
      return hand && typeof hand === 'object'
        ? Object.keys(hand).filter((k) => r?.properties?.[k]).length
        : 0;
    };
    const best = scored.sort((a, b) => cover(b) - cover(a))[0] ?? branches[0];
    return fit(best, hand, schemas, depth + 1);
  }
  const types = [schema.type].flat().filter(Boolean) as string[];
  const handType = hand === null ? 'null' : Array.isArray(hand) ? 'array' : typeof hand;
  const type =
    types.find((t) => t === handType || (handType === 'number' && t === 'integer')) ??
    types.find((t) => t !== 'null') ??
    (schema.properties ? 'object' : undefined);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return (schema.enum as unknown[]).includes(hand) ? hand : schema.enum[0];
  switch (type) {
    case 'null':
      return null;
    case 'object': {
      const given = hand && typeof hand === 'object' && !Array.isArray(hand) ? (hand as Json) : undefined;
      if (!schema.properties) return given ?? {};
      const out: Json = {};
      const required = new Set((schema.required ?? []) as string[]);
      for (const [key, sub] of Object.entries(schema.properties as Json))
        if (given && key in given) out[key] = fit(sub, given[key], schemas, depth + 1);
        else if (required.has(key)) out[key] = fit(sub, undefined, schemas, depth + 1);
      return out;
    }
    case 'array':
      return Array.isArray(hand)
        ? hand.map((h) => fit(schema.items, h, schemas, depth + 1))
        : [fit(schema.items, undefined, schemas, depth + 1)].filter((v) => v !== undefined);
    case 'string':
      if (typeof hand === 'string') return hand;
      if (schema.format === 'date-time') return '2026-11-24T14:42:29.224Z';
      if (schema.format === 'uri') return 'https://acme.example/webhooks';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    case 'integer':
    case 'number': {
      if (typeof hand === 'number') return hand;
      const min = typeof schema.minimum === 'number' && schema.minimum > -1e6 ? schema.minimum : 0;
      return Math.max(min, Math.min(1, typeof schema.maximum === 'number' ? schema.maximum : 1));
    }
    case 'boolean':
      return typeof hand === 'boolean' ? hand : false;
    default:
      return hand ?? null;
  }
}

/** Every JSON body and answer of `doc` gets an example that fits its schema (see `fit`). */
export function fillExamples(doc: Document): void {
  const schemas = doc.components.schemas as Json;
  for (const ops of Object.values(doc.paths))
    for (const op of Object.values(ops)) {
      const media = [
        op.requestBody?.content?.['application/json'],
        ...Object.values((op.responses ?? {}) as Json).map((r) => r.content?.['application/json']),
      ];
      for (const m of media)
        if (m?.schema && m.example === undefined) m.example = fit(m.schema, undefined, schemas);
    }
}

/** Statuses, error answers and examples for each operation. */
function completeOperations(doc: Document): void {
  fillExamples(doc);
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops)) {
      const entry = operations[`${method.toUpperCase()} ${path}`];
      op.responses ??= {};
      const responses = op.responses as Json;
      // a route that answers with no body declares no schema: the table says which status it sends
      if (entry?.empty && responses['200'] && !responses['200'].content) {
        delete responses['200'];
        responses[String(entry.empty)] = { description: statusText[String(entry.empty)] };
      }
      for (const [status, response] of Object.entries(responses)) {
        if (response.description === 'Default Response') response.description = statusText[status] ?? 'OK';
      }

      const secured = Array.isArray(op.security) && op.security.length > 0;
      op.security ??= []; // said, not left out: this one takes no API key
      const hasParams = path.includes('{');
      const hasInput = !!op.requestBody || (op.parameters ?? []).some((p: Json) => p.in === 'query');
      const add = (status: string, name: string) => {
        responses[status] ??= { $ref: `#/components/responses/${name}` };
      };
      if (hasInput || hasParams) add('400', 'BadRequest');
      if (secured) add('401', 'Unauthorized');
      if (hasParams) add('404', 'NotFound');
      if (hasInput) add('422', 'ValidationFailed');
      if (path.startsWith('/v1/')) add('429', 'RateLimited');
      add('503', 'Unavailable');
      op.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
    }
}

/** The whole document: components from the contracts, then the completions above. */
export const transformObject: SwaggerTransformObject = (input) => {
  const doc = components(input) as Document;
  // every tag an operation uses is declared (a new route's tag too), with its description when known
  const used = new Set<string>();
  for (const ops of Object.values(doc.paths))
    for (const op of Object.values(ops)) for (const tag of (op.tags ?? []) as string[]) used.add(tag);
  doc.tags = [...used].map((name) =>
    tagDescriptions[name] ? { name, description: tagDescriptions[name] } : { name },
  );
  doc.components.responses = { ...doc.components.responses, ...errorResponses };
  nameListResponses(doc);
  nameInlineBodies(doc);
  tidyComponents(doc);
  completeOperations(doc);
  return doc as ReturnType<SwaggerTransformObject>;
};
