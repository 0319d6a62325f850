import type { Endpoint } from '@herald/contracts';
import { describe, expect, it } from 'vitest';
import { byField, initial, MAX_CONCURRENCY_REQUIRED, toCreate, toPatch } from './form-values.ts';

const endpoint = (over: Partial<Endpoint> = {}): Endpoint => ({
  id: 'ep_1',
  appId: 'app_1',
  uid: null,
  url: 'https://example.com/hook',
  destination: null,
  description: 'Billing',
  eventTypes: ['invoice.paid'],
  channels: ['eu'],
  rateLimit: null,
  headers: { 'X-Team': 'payments' },
  disabled: false,
  disabledReason: null,
  metadata: {},
  maxConcurrency: 20,
  ordering: 'unordered',
  circuit: { state: 'closed', openedAt: null, failures: 0, probeAt: null },
  failingSince: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

describe('endpoint form values', () => {
  it('creates with the server defaults for empty numbers, and no limit for FIFO', () => {
    const v = { ...initial(undefined), url: ' https://example.com/hook ' };
    expect(toCreate(v)).toEqual({
      url: 'https://example.com/hook',
      description: '',
      eventTypes: [],
      channels: [],
      headers: {},
      ordering: 'unordered',
    });
    expect(toCreate({ ...v, maxConcurrency: '3' })).toMatchObject({ maxConcurrency: 3 });
    expect(toCreate({ ...v, maxConcurrency: '3', ordering: 'fifo' })).not.toHaveProperty('maxConcurrency');
  });

  it('edits only the fields that changed', () => {
    const opened = initial(endpoint());
    expect(toPatch(opened, opened)).toEqual({ patch: {} });
    expect(toPatch(opened, { ...opened, description: 'Billing v2' })).toEqual({
      patch: { description: 'Billing v2' },
    });
    expect(toPatch(opened, { ...opened, maxConcurrency: '3' })).toEqual({ patch: { maxConcurrency: 3 } });
    expect(toPatch(opened, { ...opened, ordering: 'fifo' })).toEqual({ patch: { ordering: 'fifo' } });
    expect(toPatch(opened, { ...opened, rateLimit: '5' })).toEqual({ patch: { rateLimit: 5 } });
  });

  it('sends the limit shown when an endpoint leaves FIFO, and never while FIFO', () => {
    const opened = initial(endpoint({ ordering: 'fifo', maxConcurrency: 1 }));
    expect(opened.maxConcurrency).toBe('1');
    expect(toPatch(opened, { ...opened, maxConcurrency: '7' })).toEqual({ patch: {} });
    expect(toPatch(opened, { ...opened, ordering: 'unordered' })).toEqual({
      patch: { ordering: 'unordered', maxConcurrency: 1 },
    });
  });

  it('refuses an emptied limit: the API cannot reset it to the default', () => {
    const opened = initial(endpoint());
    expect(toPatch(opened, { ...opened, maxConcurrency: '' }).error).toBe(MAX_CONCURRENCY_REQUIRED);
  });

  it('puts error messages on the form field their path belongs to, the first of each', () => {
    expect(
      byField({
        'headers.X-Foo': 'must not contain line breaks',
        'headers.X-Bar': 'not a valid header name',
        url: 'must be an http:// or https:// URL',
        secret: 'not a field of the form',
      }),
    ).toEqual({ headers: 'must not contain line breaks', url: 'must be an http:// or https:// URL' });
  });

  it('creates and edits a broker destination; a changed field sends the whole destination', () => {
    const v = initial(undefined);
    v.target = 'kafka';
    v.broker = { ...v.broker, brokers: ' 127.0.0.1:9092, kafka:9092 ', topic: 'orders', key: '' };
    expect(toCreate(v)).toMatchObject({
      destination: { type: 'kafka', brokers: ['127.0.0.1:9092', 'kafka:9092'], topic: 'orders' },
    });
    expect(toCreate(v)).not.toHaveProperty('url');

    const amqp = endpoint({
      url: 'amqp://u:***@mq:5672 exchange=ev routingKey=a',
      destination: { type: 'amqp', url: 'amqp://u:***@mq:5672', exchange: 'ev', routingKey: 'a' },
    });
    const opened = initial(amqp);
    expect(opened).toMatchObject({ target: 'amqp', url: '' });
    expect(toPatch(opened, { ...opened, description: 'x' }).patch).toEqual({ description: 'x' });
    const changed = { ...opened, broker: { ...opened.broker, routingKey: 'b' } };
    expect(toPatch(opened, changed).patch).toEqual({
      destination: { type: 'amqp', url: 'amqp://u:***@mq:5672', exchange: 'ev', routingKey: 'b' },
    });
    // back to HTTP: the URL goes instead
    const http = { ...opened, target: 'http' as const, url: 'https://example.com/h' };
    expect(toPatch(opened, http).patch).toEqual({ url: 'https://example.com/h' });
    // a broker field's error goes on that field; one about the whole destination on the choice
    expect(byField({ 'destination.brokers.0': 'must be host:port', destination: 'one of' })).toEqual({
      'destination.brokers': 'must be host:port',
      destination: 'one of',
    });
  });

  it('carries Kafka SASL and TLS; the masked password goes back as it came, and keeps the stored one', () => {
    const v = initial(undefined);
    v.target = 'kafka';
    v.broker = {
      ...v.broker,
      brokers: 'pkc-1.confluent.cloud:9092',
      topic: 'orders',
      saslMechanism: 'plain',
      saslUsername: ' API-KEY ',
      saslPassword: 'api-secret',
      tls: 'verify',
    };
    expect(toCreate(v).destination).toEqual({
      type: 'kafka',
      brokers: ['pkc-1.confluent.cloud:9092'],
      topic: 'orders',
      sasl: { mechanism: 'plain', username: 'API-KEY', password: 'api-secret' },
      tls: true,
    });
    v.broker = {
      ...v.broker,
      tls: 'insecure',
      ca: ' -----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE----- ',
    };
    expect(toCreate(v).destination).toMatchObject({
      tls: { ca: '-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----', rejectUnauthorized: false },
    });

    const stored = endpoint({
      url: 'kafka://app:***@k:9093 topic=orders sasl=scram-sha-512 tls',
      destination: {
        type: 'kafka',
        brokers: ['k:9093'],
        topic: 'orders',
        sasl: { mechanism: 'scram-sha-512', username: 'app', password: '***' },
        tls: true,
      },
    });
    const opened = initial(stored);
    expect(opened.broker).toMatchObject({
      saslMechanism: 'scram-sha-512',
      saslPassword: '***',
      tls: 'verify',
    });
    expect(toPatch(opened, { ...opened, description: 'x' }).patch).toEqual({ description: 'x' });
    expect(toPatch(opened, { ...opened, broker: { ...opened.broker, topic: 'paid' } }).patch).toEqual({
      destination: { ...stored.destination, topic: 'paid' },
    });
    // SASL off: no sasl at all
    const none = { ...opened, broker: { ...opened.broker, saslMechanism: '' as const, tls: 'off' as const } };
    expect(toPatch(opened, none).patch.destination).toEqual({
      type: 'kafka',
      brokers: ['k:9093'],
      topic: 'orders',
    });
    // nested errors show on their own fields
    expect(
      byField({
        'destination.sasl.password': 'keeps the stored password only with the same brokers',
        'destination.sasl.mechanism': 'one of',
        'destination.tls.ca': 'PEM certificates',
        'destination.tls': 'true, false, or an object',
      }),
    ).toEqual({
      'destination.saslPassword': 'keeps the stored password only with the same brokers',
      'destination.saslMechanism': 'one of',
      'destination.ca': 'PEM certificates',
      'destination.tls': 'true, false, or an object',
    });
  });
});
