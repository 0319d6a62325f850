import { describe, expect, it } from 'vitest';
import { toConsumed as fromAmqp } from './amqp.ts';
import { MicroBatcher, scrubSecrets } from './consumer.ts';
import { toConsumed as fromKafka } from './kafka.ts';
import { natsOptions } from './nats.ts';
import { toConsumed as fromRedis } from './redis.ts';

describe('broker credentials', () => {
  it('are scrubbed from broker errors, encoded or not', () => {
    const url = 'amqp://herald:s3cr%40t@rabbit:5672/prod';
    const amqp = { type: 'amqp', broker_url: url, broker: null } as const;
    expect(scrubSecrets(`connect to ${url} failed`, amqp)).toBe('connect to *** failed');
    expect(scrubSecrets('ACCESS_REFUSED password s3cr@t', amqp)).toBe('ACCESS_REFUSED password ***');
    expect(
      scrubSecrets('Authorization Violation for tok3n', {
        type: 'nats',
        broker_url: 'nats://tok3n@n:4222',
        broker: null,
      }),
    ).toBe('Authorization Violation for ***');
    expect(scrubSecrets('plain error', { type: 'redis', broker_url: null, broker: null })).toBe(
      'plain error',
    );
    // a Kafka source's SASL password, as written and URL-encoded
    const kafka = {
      type: 'kafka' as const,
      broker_url: null,
      broker: {
        brokers: ['k:9093'],
        deadLetter: 't.dead-letter',
        sasl: { mechanism: 'scram-sha-256' as const, username: 'herald', password: 'pa ss/w0rd' },
      },
    };
    expect(scrubSecrets('login "pa ss/w0rd" (pa%20ss%2Fw0rd) refused', kafka)).toBe(
      'login "***" (***) refused',
    );
  });

  it('become NATS user/pass, or a token', () => {
    expect(natsOptions('nats://u:p%2F1@n:4333')).toMatchObject({ servers: 'n:4333', user: 'u', pass: 'p/1' });
    expect(natsOptions('nats://tok@n')).toMatchObject({ servers: 'n:4222', token: 'tok' });
    expect(natsOptions('tls://n:4443')).toMatchObject({ servers: 'tls://n:4443' });
  });
});

describe('consumed messages', () => {
  it('AMQP: message-id is the id; headers win over properties of the same name', () => {
    const m = fromAmqp({
      content: Buffer.from('{}'),
      fields: { deliveryTag: 1, redelivered: false, exchange: '', routingKey: 'orders', consumerTag: 'c' },
      properties: {
        messageId: 'm-1',
        type: 'order.created',
        contentType: 'application/json',
        headers: { 'X-Tenant': 'acme', type: 'from.header', nested: { a: 1 } },
      },
    } as never);
    expect(m).toEqual({
      id: 'm-1',
      body: Buffer.from('{}'),
      headers: {
        'content-type': 'application/json',
        'message-id': 'm-1',
        'routing-key': 'orders',
        type: 'from.header',
        'x-tenant': 'acme',
      },
    });
  });

  it('Kafka: topic/partition/offset is the id; record headers and the key', () => {
    const m = fromKafka({
      topic: 't',
      partition: 2,
      offset: 41n,
      key: Buffer.from('k'),
      value: Buffer.from('{}'),
      headers: new Map([[Buffer.from('Type'), Buffer.from('x.y')]]),
    } as never);
    expect(m).toEqual({ id: 't/2/41', headers: { type: 'x.y', key: 'k' }, body: Buffer.from('{}') });
  });

  it('Redis: stream/entry id; the body field is the body, the other fields headers', () => {
    const f = (s: string) => Buffer.from(s);
    expect(fromRedis('s', [f('1-0'), [f('type'), f('a.b'), f('body'), f('{"x":1}')]])).toEqual({
      id: 's/1-0',
      headers: { type: 'a.b' },
      body: f('{"x":1}'),
    });
    expect(fromRedis('s', [f('2-0'), [f('type'), f('a.b')]]).body.length).toBe(0);
  });
});

describe('MicroBatcher', () => {
  it('one batch in flight; what arrives meanwhile forms the next, up to the size', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const b = new MicroBatcher<number>(3, async (batch) => {
      batches.push(batch);
      if (batches.length === 1) await new Promise<void>((r) => (release = r));
    });
    b.push(1);
    await new Promise((r) => setImmediate(r));
    for (const n of [2, 3, 4, 5]) b.push(n);
    expect(batches).toEqual([[1]]);
    expect(b.pending).toBe(4);
    release();
    await new Promise((r) => setTimeout(r, 10));
    await b.idle();
    expect(batches).toEqual([[1], [2, 3, 4], [5]]);
  });
});
