import { brokerSourcePatch, type Source, sourceIn, sourcePatch, sourcePatchOf } from '@herald/contracts';
import { describe, expect, it } from 'vitest';
import { byField, defaultDeadLetter, initialValues, toCreate, toPatch } from './source-values.ts';

const slack: Source = {
  id: 'src_1',
  appId: 'app_1',
  uid: null,
  name: 'Slack',
  type: 'http',
  verification: {
    type: 'hmac-sha256',
    header: 'x-slack-signature',
    encoding: 'hex',
    prefix: 'v0=',
    timestampHeader: 'x-slack-request-timestamp',
    signedContent: 'v0:{timestamp}:{body}',
  },
  eventType: { bodyPath: 'event.type' },
  rateLimitPerMinute: 600,
  maxBodyBytes: null,
  ingestUrl: 'http://h/in/src_1',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('source form values', () => {
  it('builds a create body the contract accepts, without blank optional fields', () => {
    const v = {
      ...initialValues(),
      name: 'Shop',
      secret: 's3cret',
      header: 'X-Shopify-Hmac-Sha256',
      encoding: 'base64' as const,
      eventTypeMode: 'fixed' as const,
      eventTypeValue: 'shop.order',
      maxBodyBytes: '4096',
    };
    const body = toCreate(v);
    expect(body).toEqual({
      name: 'Shop',
      verification: {
        type: 'hmac-sha256',
        secret: 's3cret',
        header: 'X-Shopify-Hmac-Sha256',
        encoding: 'base64',
      },
      eventType: { fixed: 'shop.order' },
      maxBodyBytes: 4096,
    });
    expect(sourceIn.safeParse(body).success).toBe(true);
  });

  it('sends only changes: a blank secret keeps it, a cleared field is null, limits can be removed', () => {
    const opened = initialValues(slack);
    expect(toPatch(opened, opened)).toEqual({});
    const patch = toPatch(opened, { ...opened, secret: 'fixed', prefix: '', rateLimitPerMinute: '' });
    expect(patch).toEqual({ rateLimitPerMinute: null, verification: { secret: 'fixed', prefix: null } });
    expect(sourcePatch.safeParse(patch).success).toBe(true);
  });

  it('a new type sends the whole verification', () => {
    const opened = initialValues(slack);
    expect(toPatch(opened, { ...opened, type: 'github', secret: 'gh' })).toEqual({
      verification: { type: 'github', secret: 'gh' },
    });
  });

  it('builds the create body of each broker from its own fields only', () => {
    const typed = {
      ...initialValues(),
      name: ' Signups ',
      // typed before the kind changed: an HTTP source's fields are not sent
      secret: 'left over',
      rateLimitPerMinute: '60',
      eventTypeMode: 'fixed' as const,
      eventTypeValue: 'user.signed_up',
      broker: {
        ...initialValues().broker,
        url: ' redis://:pw@127.0.0.1:6379/0 ',
        stream: 'signups',
        group: 'herald',
        queue: 'not redis',
      },
    };
    const redis = toCreate({ ...typed, kind: 'redis' });
    expect(redis).toEqual({
      type: 'redis',
      name: 'Signups',
      eventType: { fixed: 'user.signed_up' },
      url: 'redis://:pw@127.0.0.1:6379/0',
      stream: 'signups',
      group: 'herald',
    });
    expect(sourceIn.safeParse(redis).success).toBe(true);

    const kafka = toCreate({
      ...typed,
      kind: 'kafka',
      broker: { ...typed.broker, brokers: ' k1:9092, ,k2:9092 ', topic: 'orders', deadLetter: 'orders-dlq' },
    });
    expect(kafka).toMatchObject({
      type: 'kafka',
      brokers: ['k1:9092', 'k2:9092'],
      topic: 'orders',
      group: 'herald',
      deadLetter: 'orders-dlq',
    });
    expect(kafka).not.toHaveProperty('url');
    expect(sourceIn.safeParse(kafka).success).toBe(true);

    const nats = toCreate({
      ...typed,
      kind: 'nats',
      broker: { ...typed.broker, url: 'nats://n:4222', durable: 'd' },
    });
    expect(nats).toMatchObject({ type: 'nats', url: 'nats://n:4222', stream: 'signups', durable: 'd' });
    expect(nats).not.toHaveProperty('group');
    expect(
      toCreate({ ...typed, kind: 'amqp', broker: { ...typed.broker, url: 'amqp://mq', queue: 'q' } }),
    ).toMatchObject({
      type: 'amqp',
      queue: 'q',
    });
  });

  it('names the dead-letter target a blank field stands for, as the server defaults it', () => {
    const b = { ...initialValues().broker, queue: 'orders', topic: 'payments', stream: 'S' };
    expect(defaultDeadLetter('amqp', b)).toBe('orders.dead-letter');
    expect(defaultDeadLetter('kafka', b)).toBe('payments.dead-letter');
    expect(defaultDeadLetter('nats', b)).toBe('herald.dead-letter.S');
    expect(defaultDeadLetter('redis', b)).toBe('S:dead-letter');
    expect(defaultDeadLetter('redis', initialValues().broker)).toBe('<stream>:dead-letter');
  });

  it('edits a broker source: only the fields that changed, its masked URL only when edited', () => {
    const redis: Source = {
      ...slack,
      type: 'redis',
      name: 'Signups',
      verification: null,
      ingestUrl: null,
      rateLimitPerMinute: null,
      eventType: { fixed: 'user.signed_up' },
      url: 'redis://:***@127.0.0.1:6379/0',
      stream: 'signups',
      group: 'herald',
      deadLetter: 'signups:dead-letter',
    };
    const opened = initialValues(redis);
    expect(opened).toMatchObject({
      kind: 'redis',
      broker: {
        url: 'redis://:***@127.0.0.1:6379/0',
        stream: 'signups',
        group: 'herald',
        deadLetter: 'signups:dead-letter',
      },
    });
    expect(toPatch(opened, opened)).toEqual({});
    const moved = toPatch(opened, {
      ...opened,
      name: 'Sign-ups',
      eventTypeValue: 'user.created',
      broker: {
        ...opened.broker,
        stream: ' signups-v2 ',
        deadLetter: 'signups-v2:poison',
        queue: 'not redis',
      },
      // an HTTP source's field, typed before: not a broker source's
      rateLimitPerMinute: '10',
    });
    expect(moved).toEqual({
      name: 'Sign-ups',
      eventType: { fixed: 'user.created' },
      stream: 'signups-v2',
      deadLetter: 'signups-v2:poison',
    });
    expect(brokerSourcePatch.redis.safeParse(moved).success).toBe(true);
    // a cleared dead-letter target goes back to the default; a typed URL goes as typed
    expect(toPatch(opened, { ...opened, broker: { ...opened.broker, deadLetter: '' } })).toEqual({
      deadLetter: null,
    });
    expect(
      toPatch(opened, { ...opened, broker: { ...opened.broker, url: 'redis://:n3w@127.0.0.1:6379/0' } }),
    ).toEqual({ url: 'redis://:n3w@127.0.0.1:6379/0' });
    // checked with the redis rules, as on create
    const bad = sourcePatchOf('redis').safeParse(
      toPatch(opened, { ...opened, broker: { ...opened.broker, url: 'amqp://x', group: 'a b' } }),
    );
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['group', 'url']);
    expect(toPatch(opened, { ...opened, eventTypeMode: 'header', eventTypeValue: 'type' })).toEqual({
      eventType: { header: 'type' },
    });
  });

  it('edits a Kafka source by its brokers list', () => {
    const kafka: Source = {
      ...slack,
      type: 'kafka',
      verification: null,
      ingestUrl: null,
      brokers: ['k1:9092', 'k2:9092'],
      topic: 'orders',
      group: 'herald',
      deadLetter: 'orders.dead-letter',
    };
    const opened = initialValues(kafka);
    expect(toPatch(opened, { ...opened, broker: { ...opened.broker, brokers: 'k1:9092,k2:9092' } })).toEqual(
      {},
    );
    expect(
      toPatch(opened, { ...opened, broker: { ...opened.broker, brokers: 'k3:9092', group: 'herald-2' } }),
    ).toEqual({ brokers: ['k3:9092'], group: 'herald-2' });
  });

  it('creates a Kafka source with SASL and TLS', () => {
    const v = {
      ...initialValues(),
      kind: 'kafka' as const,
      name: 'Orders',
      eventTypeMode: 'fixed' as const,
      eventTypeValue: 'order.created',
      broker: {
        ...initialValues().broker,
        brokers: 'pkc-1.confluent.cloud:9092',
        topic: 'orders',
        group: 'herald',
        saslMechanism: 'scram-sha-512' as const,
        saslUsername: ' API-KEY ',
        saslPassword: 'api-secret',
        tls: 'insecure' as const,
        ca: ' -----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE----- ',
      },
    };
    const body = toCreate(v);
    expect(body).toEqual({
      type: 'kafka',
      name: 'Orders',
      eventType: { fixed: 'order.created' },
      brokers: ['pkc-1.confluent.cloud:9092'],
      topic: 'orders',
      group: 'herald',
      sasl: { mechanism: 'scram-sha-512', username: 'API-KEY', password: 'api-secret' },
      tls: { ca: '-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----', rejectUnauthorized: false },
    });
    expect(sourceIn.safeParse(body).success).toBe(true);
    // TLS on with the system's CAs; no SASL and TLS off: neither is sent
    expect(toCreate({ ...v, broker: { ...v.broker, tls: 'verify', ca: '' } })).toMatchObject({ tls: true });
    const plain = toCreate({ ...v, broker: { ...v.broker, saslMechanism: '', tls: 'off' } });
    expect(plain).not.toHaveProperty('sasl');
    expect(plain).not.toHaveProperty('tls');
  });

  it("edits a Kafka source's SASL and TLS: only when changed, the masked password as shown, none as null", () => {
    const kafka: Source = {
      ...slack,
      type: 'kafka',
      verification: null,
      ingestUrl: null,
      brokers: ['k1:9093'],
      topic: 'orders',
      group: 'herald',
      deadLetter: 'orders.dead-letter',
      sasl: { mechanism: 'scram-sha-256', username: 'app', password: '***' },
      tls: true,
    };
    const opened = initialValues(kafka);
    expect(opened.broker).toMatchObject({
      saslMechanism: 'scram-sha-256',
      saslUsername: 'app',
      saslPassword: '***',
      tls: 'verify',
      ca: '',
    });
    // unchanged: nothing, not even the masked password
    expect(toPatch(opened, opened)).toEqual({});
    expect(toPatch(opened, { ...opened, broker: { ...opened.broker, topic: 'paid' } })).toEqual({
      topic: 'paid',
    });
    // a new username goes with the password as shown ("***": the server says whether it keeps it)
    const renamed = toPatch(opened, { ...opened, broker: { ...opened.broker, saslUsername: 'app2' } });
    expect(renamed).toEqual({ sasl: { mechanism: 'scram-sha-256', username: 'app2', password: '***' } });
    expect(brokerSourcePatch.kafka.safeParse(renamed).success).toBe(true);
    // SASL none: null removes it; TLS off: false
    const none = toPatch(opened, {
      ...opened,
      broker: { ...opened.broker, saslMechanism: '', tls: 'off' },
    });
    expect(none).toEqual({ sasl: null, tls: false });
    expect(sourcePatchOf('kafka').safeParse(none).success).toBe(true);
    // from none to SASL and TLS on a source without them
    const bare = initialValues({ ...kafka, sasl: undefined, tls: undefined });
    expect(bare.broker).toMatchObject({ saslMechanism: '', tls: 'off' });
    expect(
      toPatch(bare, {
        ...bare,
        broker: {
          ...bare.broker,
          saslMechanism: 'plain',
          saslUsername: 'u',
          saslPassword: 'p',
          tls: 'verify',
        },
      }),
    ).toEqual({ sasl: { mechanism: 'plain', username: 'u', password: 'p' }, tls: true });
  });

  it("puts a Kafka broker's error on the brokers field, every other by its path", () => {
    expect(
      byField({
        'brokers.1': 'must be host:port',
        'brokers.0': 'second',
        stream: 'no whitespace',
        '': 'whole',
        'sasl.password': 'keeps the stored password only with the same brokers and username',
        'sasl.mechanism': 'one of',
        'tls.ca': 'PEM certificates',
        tls: 'true, false, or an object',
      }),
    ).toEqual({
      brokers: 'must be host:port',
      stream: 'no whitespace',
      '': 'whole',
      saslPassword: 'keeps the stored password only with the same brokers and username',
      saslMechanism: 'one of',
      ca: 'PEM certificates',
      tls: 'true, false, or an object',
    });
  });
});
