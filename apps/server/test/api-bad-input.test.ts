import { once } from 'node:events';
import { connect } from 'node:net';
import Fastify from 'fastify';
import type { PgBoss } from 'pg-boss';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { installErrorHandling } from '../src/api/plugins/errors.ts';
import { loadConfig } from '../src/config.ts';
import { expectProblem, resources, sleep } from './helpers/api.ts';
import { type ApiResponse, ROOT_KEY, startTestHerald, type TestHerald } from './helpers/herald.ts';
import { dereference } from './helpers/openapi.ts';

/** The part of JSON Schema (as the OpenAPI document has it) that request schemas here use. */
interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  propertyNames?: Schema;
  items?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minimum?: number;
  minItems?: number;
}
interface Operation {
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
}
type Ids = Record<
  'app' | 'endpoint' | 'msg' | 'name' | 'source' | 'request' | 'job' | 'id' | 'consumer' | 'iterator',
  string
>;

/** `\ud800` as JSON.stringify writes it: the escape, literally, in the body text. */
const LONE = '\ud800';
/** A lone surrogate as it travels in a URL: its WTF-8 bytes, percent-encoded (not UTF-8). */
const LONE_IN_URL = '%ED%A0%80';
const SECRET = `whsec_${Buffer.alloc(24, 7).toString('base64')}`;
/** An hmac-sha256 verification naming every string field it has. */
const WALK_HMAC = {
  type: 'hmac-sha256',
  secret: 'shh',
  header: 'x-signature',
  encoding: 'hex',
  prefix: 'v0=',
  timestampHeader: 'x-timestamp',
  signedContent: 'v0:{timestamp}:{body}',
};
const hourAgo = () => new Date(Date.now() - 3600_000).toISOString();

/** A CA certificate for the Kafka TLS fields (public; its key was thrown away). */
const WALK_CA =
  '-----BEGIN CERTIFICATE-----\nMIIBkjCCATmgAwIBAgIUP9YmsHAiG67sY3qek60KGEu7qPYwCgYIKoZIzj0EAwIw\nHjEcMBoGA1UEAwwTaGVyYWxkLXdhbGstZXhhbXBsZTAgFw0yNjEyMDExNjI5MjBa\nGA8yMTI2MTEwNzE2MjkyMFowHjEcMBoGA1UEAwwTaGVyYWxkLXdhbGstZXhhbXBs\nZTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABFgorhQzRggSQ9x8boa4S4nv5yXG\nTfN4/T4Zfr3sVWhwao3Z+Az8hnZ1tqX+V61+jIhNwnEwxR2+dfmgnPGFWuSjUzBR\nMB0GA1UdDgQWBBSkCIdSyFlxbUH5oEpME1bRZTazCTAfBgNVHSMEGDAWgBSkCIdS\nyFlxbUH5oEpME1bRZTazCTAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0cA\nMEQCIAKE0HVniq37mgsLAv86gFA5nhfnlcpwRXEQGzsOkP3MAiAqfj158n0U4EqZ\n0jYQ4BL1QnBEhhaAPWWXwlGhqv2sHg==\n-----END CERTIFICATE-----';
const WALK_KAFKA_SECURITY = {
  sasl: { mechanism: 'scram-sha-256', username: 'walk', password: 'walk-password' },
  tls: { ca: WALK_CA, rejectUnauthorized: true },
};

/** One destination of each broker type, every field named (endpoints are created disabled: no sends). */
const brokerDestinations = [
  { type: 'amqp', url: 'amqp://u:p@rabbit.example:5672/v', exchange: 'billing', routingKey: 'paid' },
  {
    type: 'kafka',
    brokers: ['kafka.example:9092'],
    topic: 'billing',
    key: '{eventType}',
    ...WALK_KAFKA_SECURITY,
  },
  { type: 'nats', url: 'nats://nats.example:4222', subject: 'billing.paid' },
  { type: 'redis', url: 'redis://redis.example:6379/0', stream: 'billing', maxLen: 1000 },
];

/**
 * Valid bodies made by hand where one generated from the schema would not do (a secret's format, ids
 * that must exist, a JSON Schema, a union's every branch). Each names every string field the schema
 * has, so the walk reaches them all.
 */
const examples: Record<string, (ids: Ids) => unknown[]> = {
  'POST /v1/api-keys': (ids) => [{ name: 'walk key', app: ids.app }],
  'POST /v1/event-types': () => [
    {
      name: 'walk.typed',
      description: 'an invoice was paid',
      schema: { type: 'object', description: 'the invoice', properties: { total: { type: 'number' } } },
    },
  ],
  'POST /v1/apps/{app}/endpoints': () => [
    {
      url: 'https://example.com/hook',
      uid: 'walk-endpoint',
      description: 'billing',
      eventTypes: ['invoice.paid'],
      channels: ['eu'],
      secret: SECRET,
      rateLimit: 10,
      headers: { 'x-team': 'core' },
      disabled: true,
      metadata: { team: 'core' },
      maxConcurrency: 2,
      ordering: 'fifo',
    },
    ...brokerDestinations.map((destination, i) => ({ destination, uid: `walk-broker-${i}`, disabled: true })),
  ],
  'PATCH /v1/apps/{app}/endpoints/{endpoint}': () => [
    {
      url: 'https://example.com/other',
      uid: 'walk-endpoint-2',
      description: 'billing',
      eventTypes: ['invoice.paid'],
      channels: ['eu'],
      rateLimit: 10,
      headers: { 'x-team': 'core' },
      disabled: true,
      metadata: { team: 'core' },
      maxConcurrency: 2,
      ordering: 'fifo',
    },
    ...brokerDestinations.map((destination) => ({ destination, disabled: true })),
  ],
  'POST /v1/apps/{app}/endpoints/{endpoint}/secret/rotate': () => [{ key: SECRET }],
  'POST /v1/apps/{app}/messages': () => [
    {
      eventType: 'bad.input',
      payload: { items: [{ name: 'widget' }], note: 'first' },
      eventId: 'walk-event',
      channels: ['eu'],
    },
  ],
  'POST /v1/apps/{app}/messages/replay': (ids) => [
    { since: hourAgo(), until: new Date().toISOString(), eventTypes: ['bad.input'], endpoint: ids.endpoint },
  ],
  'POST /v1/apps/{app}/messages/replay/preview': (ids) => [
    {
      since: hourAgo(),
      until: new Date().toISOString(),
      eventTypes: ['bad.input'],
      endpoint: ids.endpoint,
      failedOnly: true,
    },
  ],
  'POST /v1/apps/{app}/events/consumers/{consumer}/ack': (ids) => [{ iterator: ids.iterator }],
  'POST /v1/apps/{app}/sources': () => [
    ...[{ header: 'x-event-type' }, { bodyPath: 'data.type' }, { fixed: 'bad.input' }].map(
      (eventType, i) => ({
        name: 'provider',
        uid: `walk-source-${i}`,
        verification: WALK_HMAC,
        eventType,
      }),
    ),
    // a broker source's fields (no worker runs here: nothing connects)
    {
      type: 'kafka',
      name: 'kafka walk',
      uid: 'walk-kafka',
      eventType: { header: 'type' },
      brokers: ['kafka.example:9092'],
      topic: 'billing',
      group: 'herald',
      deadLetter: 'billing-dlq',
      ...WALK_KAFKA_SECURITY,
    },
  ],
  'PATCH /v1/apps/{app}/sources/{source}': () =>
    [{ header: 'x-event-type' }, { bodyPath: 'data.type' }, { fixed: 'bad.input' }].map((eventType, i) => ({
      name: 'provider',
      uid: `walk-patched-${i}`,
      // the walk's source stays unverified, for the tests below that post to it (POST covers the HMAC fields)
      verification: { type: 'none' },
      eventType,
      rateLimitPerMinute: 600,
      maxBodyBytes: 4096,
    })),
};

/** Numbers the generated strings: uids and names must not collide across operations. */
const generated = { i: 0 };

/** A value for `schema`: every property, optional ones too; `variant` picks the branch of each union. */
function generate(schema: Schema, variant: number, n = generated): unknown {
  if (schema.anyOf) {
    const branches = schema.anyOf.filter((s) => s.type !== 'null');
    return generate(branches[Math.min(variant, branches.length - 1)]!, variant, n);
  }
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, s] of Object.entries(schema.properties ?? {})) out[k] = generate(s, variant, n);
      const free = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : {};
      if (!schema.properties) out[`k${++n.i}`] = generate(free, variant, n);
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () =>
        generate(schema.items ?? {}, variant, n),
      );
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'string': {
      if (schema.format === 'uri') return 'https://example.com/hook';
      // later fields later: `until` comes after `since`
      if (schema.format === 'date-time') return new Date(Date.now() - 3600_000 + ++n.i * 1000).toISOString();
      const text = `s${++n.i}`;
      if (schema.pattern && !new RegExp(schema.pattern).test(text))
        throw new Error(`no generated string matches ${schema.pattern}: add a hand-made example`);
      return text;
    }
    default:
      return `any${++n.i}`;
  }
}

const branchCount = (schema: Schema): number =>
  Math.max(
    schema.anyOf?.filter((s) => s.type !== 'null').length ?? 1,
    ...Object.values(schema.properties ?? {}).map(branchCount),
    ...(schema.anyOf ?? []).map(branchCount),
  );

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'number' ? 'number' : typeof value;
}

/** The branch of a union that `value` is an instance of. */
function branchOf(schema: Schema, value: unknown): Schema {
  if (!schema.anyOf) return schema;
  const t = typeOf(value);
  const fits = schema.anyOf.filter(
    (s) =>
      (s.type === undefined || s.type === t || (s.type === 'integer' && t === 'number')) &&
      (t !== 'object' || !s.properties || Object.keys(value as object).every((k) => k in s.properties!)),
  );
  return branchOf(fits[0] ?? schema.anyOf[0]!, value);
}

interface Spot {
  path: string[];
  value: unknown;
  schema: Schema;
}

/** Every value in `body` with the schema it is checked against. */
function* spots(value: unknown, schema: Schema, path: string[] = []): Generator<Spot> {
  const s = branchOf(schema, value);
  yield { path, value, schema: s };
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) yield* spots(v, s.items ?? {}, [...path, String(i)]);
  } else if (value !== null && typeof value === 'object') {
    const free = typeof s.additionalProperties === 'object' ? s.additionalProperties : {};
    for (const [k, v] of Object.entries(value)) yield* spots(v, s.properties?.[k] ?? free, [...path, k]);
  }
}

/** Whether an object may hold keys of the caller's choosing (a record such as metadata, or any JSON). */
const freeKeys = (s: Schema) => !s.properties && s.additionalProperties !== false;

function changed(body: unknown, path: string[], change: (parent: any, key: string) => void): unknown {
  const copy = structuredClone(body) as any;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k];
  change(at, path.at(-1)!);
  return copy;
}

const named = (res: ApiResponse, test: (path: string) => boolean, message: RegExp) =>
  res.status === 422 &&
  (res.headers.get('content-type') ?? '').startsWith('application/problem+json') &&
  (res.body?.errors ?? []).some((e: any) => test(e.path) && message.test(e.message));

let h: TestHerald;
let r: ReturnType<typeof resources>;
let ids: Ids;
beforeAll(async () => {
  h = await startTestHerald({}, ['api']);
  r = resources(h);
  const app = await r.newApp({ uid: 'walk' });
  const endpoint = await r.newEndpoint(app.id, 'https://example.com/hook', { disabled: true });
  expect((await h.api('POST', '/v1/event-types', { name: 'bad.input' })).status).toBe(201);
  const msg = await r.publish(app.id, { eventType: 'bad.input', payload: {} });
  const source = await h.api('POST', `/v1/apps/${app.id}/sources`, {
    name: 'walk',
    verification: { type: 'none' },
    eventType: { fixed: 'bad.input' },
  });
  // one kept inbound request (rejected: not JSON), for the routes that read or replay one
  await fetch(`${h.url}/in/${source.body.id}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: 'x',
  });
  const inbound = await h.api('GET', `/v1/apps/${app.id}/sources/${source.body.id}/requests`);
  const job = await h.api('POST', `/v1/apps/${app.id}/exports`, { since: hourAgo() });
  const key = await h.api('POST', '/v1/api-keys', { name: 'walk' });
  const feed = await h.api('GET', `/v1/apps/${app.id}/events`);
  ids = {
    app: app.id,
    endpoint: endpoint.id,
    msg: msg.id,
    name: 'bad.input',
    source: source.body.id,
    request: inbound.body.data[0]?.id,
    job: job.body.id,
    id: key.body.id,
    consumer: 'walk-consumer',
    iterator: feed.body.iterator,
  };
  expect(Object.values(ids).every(Boolean), JSON.stringify(ids)).toBe(true);
});
afterAll(async () => {
  await h?.stop();
});

describe('every operation of the OpenAPI document', () => {
  it('answers bad input (lone surrogates, unknown fields) 4xx problem+json naming the field, never 5xx', async () => {
    const doc = dereference((await h.api('GET', '/openapi.json', undefined, { key: null })).body) as {
      paths: Record<string, Record<string, Operation>>;
    };
    const wrong: string[] = [];
    let probes = 0;
    const probe = (method: string, url: string, body: string | undefined) => {
      probes++;
      return h.api(method, url, body);
    };
    const report = (what: string, res: ApiResponse) =>
      wrong.push(`${what} -> ${res.status} ${JSON.stringify(res.body)}`);
    const walked: string[] = [];
    for (const [template, operations] of Object.entries(doc.paths)) {
      if (!template.startsWith('/v1/') && !template.startsWith('/in/')) continue;
      for (const [lower, op] of Object.entries(operations)) {
        const method = lower.toUpperCase();
        const key = `${method} ${template}`;
        walked.push(key);
        const params = op.parameters ?? [];
        const urlWith = (own: Record<string, string> = {}) =>
          template.replace(/\{(\w+)\}/g, (_, name: string) => {
            if (own[name] !== undefined) return own[name];
            if (!(name in ids)) throw new Error(`${key}: no resource for path parameter {${name}}`);
            return encodeURIComponent(ids[name as keyof Ids]);
          });
        const schema = op.requestBody?.content['application/json']?.schema;
        if (op.requestBody && !schema)
          wrong.push(`${key}: a body that is not JSON; teach this walk about it`);
        const bodies = schema
          ? (examples[key]?.(ids) ??
            Array.from({ length: branchCount(schema) }, (_, v) => generate(schema, v)))
          : [undefined];

        for (const body of bodies) {
          const text = body === undefined ? undefined : JSON.stringify(body);
          if (schema) {
            const valid = await h.api(method, urlWith(), text);
            if (valid.status >= 300) {
              report(`${key}: the valid example ${text} (add or fix one in \`examples\`)`, valid);
              continue;
            }
            for (const spot of spots(body, schema)) {
              const at = spot.path.join('.');
              if (typeof spot.value === 'string') {
                const bad = JSON.stringify(changed(body, spot.path, (o, k) => (o[k] = `${o[k]}${LONE}`)));
                expect(bad).toContain('\\ud800');
                const res = await probe(method, urlWith(), bad);
                if (!named(res, (p) => p === at, /lone surrogate/)) report(`${key} ${bad}`, res);
              }
              if (spot.value === null || typeof spot.value !== 'object' || Array.isArray(spot.value))
                continue;
              if (freeKeys(spot.schema)) {
                for (const k of Object.keys(spot.value)) {
                  const bad = JSON.stringify(
                    changed(body, [...spot.path, k], (o, old) => {
                      o[`${old}${LONE}`] = o[old];
                      delete o[old];
                    }),
                  );
                  const res = await probe(method, urlWith(), bad);
                  const prefix = at ? `${at}.` : '';
                  if (!named(res, (p) => p.startsWith(prefix + k), /lone surrogate/))
                    report(`${key} ${bad}`, res);
                }
              } else {
                const extra = at ? `${at}.zzUnknownField` : 'zzUnknownField';
                const bad = spot.path.length
                  ? changed(body, spot.path, (o, k) => (o[k] = { ...o[k], zzUnknownField: 1 }))
                  : { ...(body as object), zzUnknownField: 1 };
                const res = await probe(method, urlWith(), JSON.stringify(bad));
                if (!named(res, (p) => p === extra, /unknown field/))
                  report(`${key} ${JSON.stringify(bad)}`, res);
              }
            }
          }
          for (const p of params.filter((x) => x.in === 'query')) {
            const url = `${urlWith()}?${p.name}=${LONE_IN_URL}`;
            const res = await probe(method, url, text);
            if (!named(res, (path) => path === p.name, /not UTF-8/)) report(`${method} ${url}`, res);
          }
          for (const p of params.filter((x) => x.in === 'path')) {
            const url = urlWith({ [p.name]: LONE_IN_URL });
            const res = await probe(method, url, text);
            const type = res.headers.get('content-type') ?? '';
            if (res.status < 400 || res.status >= 500 || !type.startsWith('application/problem+json'))
              report(`${method} ${url}`, res);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    // the walk reached the bodies' leaves, not only the operations
    expect(probes).toBeGreaterThan(150);
    expect(walked.length).toBeGreaterThan(40);
    expect(walked).toContain('POST /in/{source}');
    expect(h.serverErrors).toEqual([]);
  });
});

describe('focused cases', () => {
  it('names a misspelt field instead of dropping it, and creates nothing', async () => {
    const before = (await h.api('GET', `/v1/apps/${ids.app}/endpoints`)).body.data.length;
    const res = await h.api('POST', `/v1/apps/${ids.app}/endpoints`, {
      url: 'https://example.com/typo',
      maxConcurency: 3,
    });
    const problem = expectProblem(res, 422, 'maxConcurency');
    expect(problem.errors).toEqual([{ path: 'maxConcurency', message: 'unknown field' }]);
    expect((await h.api('GET', `/v1/apps/${ids.app}/endpoints`)).body.data.length).toBe(before);
    // nested input objects too
    expectProblem(
      await h.api('POST', `/v1/apps/${ids.app}/sources`, {
        name: 'x',
        verification: { type: 'none', secrett: 'typo' },
        eventType: { fixed: 'bad.input' },
      }),
      422,
      'verification.secrett',
    );
    expectProblem(
      await h.api('POST', `/v1/apps/${ids.app}/messages/batch`, {
        messages: [{ eventType: 'a.b', payload: {}, channel: 'eu' }],
      }),
      422,
      'messages.0.channel',
    );
  });

  it("a broker source's PATCH: bad input in each broker field of each type is a 422 naming it, never 5xx", async () => {
    // one source of each broker type (nothing listens there), and a patch naming every broker field
    const kinds = [
      {
        create: { type: 'amqp', url: 'amqp://u:p@127.0.0.1:9/v', queue: 'q' },
        patch: { url: 'amqp://u:***@127.0.0.1:9/w', queue: 'q2', deadLetter: 'q2.dl' },
      },
      {
        create: { type: 'kafka', brokers: ['127.0.0.1:9'], topic: 't', group: 'g' },
        patch: { brokers: ['127.0.0.1:9', '127.0.0.2:9'], topic: 't2', group: 'g2', deadLetter: 't2.dl' },
      },
      {
        create: { type: 'nats', url: 'nats://tok@127.0.0.1:9', stream: 'S', durable: 'd' },
        patch: { url: 'nats://***@127.0.0.1:9', stream: 'S2', durable: 'd2', deadLetter: 'dl.s2' },
      },
      {
        create: { type: 'redis', url: 'redis://:p@127.0.0.1:9/0', stream: 's', group: 'g' },
        patch: { url: 'redis://:***@127.0.0.1:9/1', stream: 's2', group: 'g2', deadLetter: 's2:dl' },
      },
    ];
    const wrong: string[] = [];
    for (const { create, patch } of kinds) {
      const made = await h.api('POST', `/v1/apps/${ids.app}/sources`, {
        name: `walk ${create.type}`,
        eventType: { header: 'type' },
        ...create,
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      const url = `/v1/apps/${ids.app}/sources/${made.body.id}`;
      const body = { type: create.type, name: 'walked', eventType: { fixed: 'bad.input' }, ...patch };
      const valid = await h.api('PATCH', url, body);
      expect(valid.status, JSON.stringify(valid.body)).toBe(200);
      const probe = async (bad: unknown, path: string, message: RegExp) => {
        const res = await h.api('PATCH', url, JSON.stringify(bad));
        if (!named(res, (p) => p === path, message))
          wrong.push(`${JSON.stringify(bad)} -> ${res.status} ${JSON.stringify(res.body)}`);
      };
      for (const [k, v] of Object.entries(patch)) {
        const path = Array.isArray(v) ? `${k}.0` : k;
        const lone = Array.isArray(v) ? [`${v[0]}${LONE}`, ...v.slice(1)] : `${v}${LONE}`;
        await probe({ ...body, [k]: lone }, path, /lone surrogate/);
        await probe({ ...body, [k]: 42 }, k, /./);
      }
      await probe({ ...body, zzUnknownField: 1 }, 'zzUnknownField', /unknown field/);
      await probe({ ...body, type: create.type === 'redis' ? 'nats' : 'redis' }, 'type', /cannot change/);
      await probe({ ...body, maxBodyBytes: 1 }, 'maxBodyBytes', /only HTTP sources/);
      await h.api('DELETE', url);
    }
    expect(wrong).toEqual([]);
    expect(h.serverErrors).toEqual([]);
  });

  it('answers 422 for a lone surrogate in a payload, and publishes nothing', async () => {
    const count = async () => (await h.api('GET', `/v1/apps/${ids.app}/messages?limit=250`)).body.data.length;
    const before = await count();
    const text = `{"eventType":"bad.input","payload":{"items":[{"name":"wid\\ud800get"}]}}`;
    expectProblem(await h.api('POST', `/v1/apps/${ids.app}/messages`, text), 422, 'payload.items.0.name');
    // a low surrogate alone, in a key
    const key = await h.api(
      'POST',
      `/v1/apps/${ids.app}/messages`,
      '{"eventType":"a.b","payload":{"\\udc00":1}}',
    );
    expectProblem(key, 422, 'payload.\\udc00');
    // a pair is one character, and fine
    const pair = await r.publish(ids.app, { eventType: 'bad.input', payload: { smile: '\ud83d\ude00' } });
    expect(pair.payload.smile).toBe('😀');
    expect(await count()).toBe(before + 1);
  });

  it('answers 422 naming the query parameter for percent-encoding that is not UTF-8', async () => {
    expectProblem(await h.api('GET', `/v1/apps?iterator=${LONE_IN_URL}`), 422, 'iterator');
    expectProblem(await h.api('GET', `/v1/apps/${ids.app}/messages?eventType=%FF`), 422, 'eventType');
    // a stray '%' is only text
    expect((await h.api('GET', '/v1/apps?iterator=100%')).status).toBe(200);
  });

  it('answers 422 naming the field for values PostgreSQL refuses (SQLSTATE class 22)', async () => {
    // zod takes year 0; timestamptz has no year 0: 22008 datetime_field_overflow
    expectProblem(
      await h.api('GET', `/v1/apps/${ids.app}/messages?after=0000-01-01T00:00:00Z`),
      422,
      'after',
    );
    expectProblem(await h.api('GET', `/v1/apps/${ids.app}/events?since=0000-06-01T00:00:00Z`), 422, 'since');
    // an iterator the feed could have made, but past the range of xid8: 22003 numeric_value_out_of_range
    const iterator = Buffer.from(JSON.stringify({ x: '99999999999999999999', s: 1 })).toString('base64url');
    expectProblem(await h.api('GET', `/v1/apps/${ids.app}/events?iterator=${iterator}`), 422);
    expect(h.serverErrors).toEqual([]);
  });

  it('keeps an inbound request with a lone surrogate for inspection and answers 422', async () => {
    const res = await h.api('POST', `/in/${ids.source}`, '{"data":{"name":"\\ud800"}}', { key: null });
    expectProblem(res, 422, 'payload.data.name');
    const kept = await h.api('GET', `/v1/apps/${ids.app}/sources/${ids.source}/requests`);
    expect(kept.body.data[0]).toMatchObject({
      status: 'rejected',
      error: expect.stringMatching(/lone surrogate/),
    });
    expect(kept.body.data[0].body).toBe('{"data":{"name":"\\ud800"}}');
  });
});

describe('database errors', () => {
  /** A route that fails as PostgreSQL would, with `body` as its request body. */
  async function failWith(error: object, body: object) {
    const app = Fastify({ logger: false });
    installErrorHandling(app);
    app.post('/fail', async () => {
      throw Object.assign(new Error((error as { message: string }).message), error);
    });
    try {
      const res = await app.inject({ method: 'POST', url: '/fail', payload: body });
      return {
        status: res.statusCode,
        type: res.headers['content-type'],
        retryAfter: res.headers['retry-after'],
        body: res.json(),
      };
    } finally {
      await app.close();
    }
  }

  it('answers class 22 and 54000 with 422 naming the field they are about', async () => {
    const body = {
      name: 'x',
      rateLimit: 99999999999,
      uid: 'u'.repeat(300),
      note: 'n'.repeat(9000),
      at: 'soon',
    };
    const cases: Array<[object, string]> = [
      [{ code: '22P02', message: 'invalid input syntax for type timestamp with time zone: "soon"' }, 'at'],
      [{ code: '22003', message: 'value "99999999999" is out of range for type integer' }, 'rateLimit'],
      [{ code: '22001', message: 'value too long for type character varying(256)' }, 'uid'],
      [
        { code: '54000', message: 'index row size 9016 exceeds btree version 4 maximum 2704 for index "x"' },
        'note',
      ],
      [{ code: '22023', message: 'invalid parameter' }, 'body'],
    ];
    for (const [error, path] of cases) {
      const res = await failWith(error, body);
      expect(res.status, JSON.stringify(error)).toBe(422);
      expect(res.type).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual([{ path, message: expect.any(String) }]);
      // PostgreSQL's own words name types, lengths and indexes: none of them reach the client
      expect(JSON.stringify(res.body)).not.toMatch(
        /character varying|btree|index "x"|timestamp with|integer|invalid parameter/,
      );
    }
  });

  it('answers a unique violation 409 naming the field, never the constraint or the key', async () => {
    const res = await failWith(
      {
        code: '23505',
        constraint: 'endpoints_app_id_uid_key',
        detail: 'Key (app_id, uid)=(app_01SECRETISH, my-endpoint) already exists.',
        message: 'duplicate key value violates unique constraint "endpoints_app_id_uid_key"',
      },
      {},
    );
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'conflict',
      errors: [{ path: 'uid', message: 'is already taken' }],
    });
    expect(JSON.stringify(res.body)).not.toMatch(
      /endpoints_app_id_uid_key|app_01SECRETISH|my-endpoint|duplicate key/,
    );
    const bare = await failWith(
      { code: '23505', message: 'duplicate key value violates unique constraint "x_key"' },
      {},
    );
    expect(bare.status).toBe(409);
    expect(JSON.stringify(bare.body)).not.toMatch(/x_key|duplicate/);
  });

  it('answers connection-class errors 503 unavailable with Retry-After', async () => {
    for (const error of [
      { code: '57P01', message: 'terminating connection due to administrator command' },
      { code: '57P03', message: 'the database system is starting up' },
      { code: '08006', message: 'connection failure' },
      { message: 'Connection terminated unexpectedly' },
    ]) {
      const res = await failWith(error, {});
      expect(res.status, JSON.stringify(error)).toBe(503);
      expect(res.retryAfter).toBe('1');
      expect(res.body).toMatchObject({ code: 'unavailable' });
    }
  });
});

describe('when the database is out of reach', () => {
  it('answers 503 unavailable problem+json with Retry-After', async () => {
    const app = await buildApp({
      config: loadConfig({ NODE_ENV: 'test', HERALD_API_KEY: ROOT_KEY, HERALD_LOG_LEVEL: 'silent' }),
      databaseUrl: 'postgres://herald@127.0.0.1:1/none',
      boss: {} as PgBoss,
      log: pino({ level: 'silent' }),
    });
    try {
      const res = await app.inject({ url: '/v1/apps', headers: { authorization: `Bearer ${ROOT_KEY}` } });
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.json()).toMatchObject({ code: 'unavailable', status: 503 });
    } finally {
      await app.close();
    }
  });
});

describe('while Herald shuts down', () => {
  it('answers a request that arrives 503 unavailable problem+json with Retry-After', async () => {
    const s = await startTestHerald({}, ['api']);
    const { hostname, port } = new URL(s.url);
    const socket = connect(Number(port), hostname);
    await once(socket, 'connect');
    const received: Buffer[] = [];
    socket.on('data', (c: Buffer) => received.push(c));
    // a request under way keeps its connection open through close(); the rest of it arrives after
    socket.write('GET /v1/apps HTTP/1.1\r\nHost: herald\r\n');
    await sleep(50);
    const stopped = s.stop();
    await sleep(100);
    socket.write(`Authorization: Bearer ${ROOT_KEY}\r\n\r\n`);
    await once(socket, 'close');
    await stopped;
    const [head, body] = Buffer.concat(received).toString('utf8').split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 503 /);
    expect(head).toMatch(/\r\ncontent-type: application\/problem\+json/i);
    expect(head).toMatch(/\r\nretry-after: 1\r\n/i);
    expect(JSON.parse(body!)).toMatchObject({ code: 'unavailable', status: 503 });
  });
});
