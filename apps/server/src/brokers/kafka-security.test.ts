import { describe, expect, it } from 'vitest';
import { caProblem, kafkaClientOptions, kafkaConnectionKey, tlsHint } from './kafka-security.ts';

const sasl = { mechanism: 'scram-sha-512' as const, username: 'app', password: 'pa55-word' };

describe('Kafka security', () => {
  it('becomes the client options of @platformatic/kafka', () => {
    expect(kafkaClientOptions(['k:9092'], {})).toEqual({});
    expect(kafkaClientOptions(['k:9092'], { sasl, tls: false })).toEqual({
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'app', password: 'pa55-word' },
    });
    // SNI with a broker's name; none for IP literals
    expect(kafkaClientOptions(['pkc.example:9092'], { tls: true })).toEqual({
      tls: { rejectUnauthorized: true },
      tlsServerName: true,
    });
    expect(
      kafkaClientOptions(['127.0.0.1:9093', '[::1]:9093'], { tls: { ca: 'PEM', rejectUnauthorized: false } }),
    ).toEqual({ tls: { rejectUnauthorized: false, ca: 'PEM' }, tlsServerName: false });
  });

  it('keys connections by brokers and credentials, with no password in the key', () => {
    const plain = kafkaConnectionKey(['b:1', 'a:1'], {});
    expect(plain).toBe('kafka a:1,b:1');
    const key = kafkaConnectionKey(['a:1', 'b:1'], { sasl });
    expect(key).not.toContain('pa55-word');
    expect(key).not.toBe(plain);
    expect(kafkaConnectionKey(['b:1', 'a:1'], { sasl })).toBe(key);
    expect(kafkaConnectionKey(['a:1', 'b:1'], { sasl: { ...sasl, username: 'other' } })).not.toBe(key);
    expect(kafkaConnectionKey(['a:1', 'b:1'], { sasl: { ...sasl, password: 'new' } })).not.toBe(key);
    // TLS on with the system CAs, either way it is written
    expect(kafkaConnectionKey(['a:1'], { tls: true })).toBe(kafkaConnectionKey(['a:1'], { tls: {} }));
    expect(kafkaConnectionKey(['a:1'], { tls: false })).toBe('kafka a:1');
  });

  it('refuses a CA that is not a certificate', () => {
    expect(caProblem(undefined)).toBeNull();
    expect(caProblem(true)).toBeNull();
    expect(caProblem({ ca: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' })).toBe(
      'certificate 1 of 1 is not a valid X.509 certificate',
    );
  });

  it('says when a certificate was not trusted, however deep the cause', () => {
    const cert = Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    const wrapped = new AggregateError([new Error('Connection failed.', { cause: cert })], 'Cannot connect');
    expect(tlsHint(wrapped)).toMatch(/not trusted, DEPTH_ZERO_SELF_SIGNED_CERT: check tls.ca/);
    expect(tlsHint(new Error('ECONNREFUSED'))).toBe('');
  });
});
