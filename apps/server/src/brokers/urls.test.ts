import { describe, expect, it } from 'vitest';
import { createCipher, generateEncryptionKey } from '../secrets/cipher.ts';
import {
  destinationLabel,
  keepMaskedPassword,
  maskDestination,
  maskUrl,
  openDestination,
  redact,
  sealDestination,
  secretsOf,
  withStoredCredentials,
} from './urls.ts';

describe('broker URLs', () => {
  it('seals a destination URL for storage and opens it again; Kafka brokers stay as they are', () => {
    const cipher = createCipher(generateEncryptionKey());
    const d = {
      type: 'amqp',
      url: 'amqp://app:pa55@rabbit:5672/prod',
      exchange: 'x',
      routingKey: 'k',
    } as const;
    const sealed = sealDestination(d, cipher);
    expect(sealed).toMatchObject({ type: 'amqp', exchange: 'x', routingKey: 'k' });
    expect('url' in sealed && sealed.url).toMatch(/^enc:v1:[0-9a-f]{8}:/);
    expect(JSON.stringify(sealed)).not.toContain('pa55');
    expect(openDestination(sealed, cipher)).toEqual(d);
    // a URL stored before encryption reads as itself
    expect(openDestination(d, cipher)).toEqual(d);
    const kafka = { type: 'kafka' as const, brokers: ['k1:9092'], topic: 't' };
    expect(sealDestination(kafka, cipher)).toEqual(kafka);
  });

  it('masks passwords, and a NATS token (a lone user part)', () => {
    expect(maskUrl('amqp://app:pa55@rabbit:5672/prod', 'amqp')).toBe('amqp://app:***@rabbit:5672/prod');
    expect(maskUrl('redis://:pa55@redis:6379/0', 'redis')).toBe('redis://:***@redis:6379/0');
    expect(maskUrl('redis://default@redis:6379', 'redis')).toBe('redis://default@redis:6379');
    expect(maskUrl('nats://s3cr3t-token@nats:4222', 'nats')).toBe('nats://***@nats:4222');
    expect(maskUrl('nats://nats:4222', 'nats')).toBe('nats://nats:4222');
    expect(maskUrl('not a url', 'amqp')).toBe('***');
  });

  it('labels every destination type without its password', () => {
    expect(
      destinationLabel({ type: 'amqp', url: 'amqp://u:p@r:5672', exchange: 'orders', routingKey: 'paid' }),
    ).toBe('amqp://u:***@r:5672 exchange=orders routingKey=paid');
    expect(destinationLabel({ type: 'amqp', url: 'amqp://r', exchange: '', routingKey: 'q' })).toBe(
      'amqp://r exchange=(default) routingKey=q',
    );
    expect(
      destinationLabel({ type: 'kafka', brokers: ['k1:9092', 'k2:9092'], topic: 't', key: '{eventType}' }),
    ).toBe('kafka://k1:9092,k2:9092 topic=t key={eventType}');
    expect(destinationLabel({ type: 'nats', url: 'nats://u:p@n:4222', subject: 'a.b' })).toBe(
      'nats://u:***@n:4222 subject=a.b',
    );
    expect(destinationLabel({ type: 'redis', url: 'redis://:p@r:6379', stream: 's' })).toBe(
      'redis://:***@r:6379 stream=s',
    );
    expect(maskDestination({ type: 'redis', url: 'redis://:p@r:6379', stream: 's' })).toEqual({
      type: 'redis',
      url: 'redis://:***@r:6379',
      stream: 's',
    });
  });

  it('keeps the stored password when the masked one comes back for the same broker', () => {
    const stored = { type: 'amqp' as const, url: 'amqp://u:secret@r:5672/v', exchange: 'e', routingKey: 'k' };
    const back = keepMaskedPassword({ ...stored, url: 'amqp://u:***@r:5672/v', routingKey: 'k2' }, stored);
    expect(back).toEqual({ ...stored, routingKey: 'k2' });
    // another host: the mask is not a password to keep (and would fail to log in, visibly)
    const moved = keepMaskedPassword({ ...stored, url: 'amqp://u:***@elsewhere:5672/v' }, stored);
    expect(moved.url).toBe('amqp://u:***@elsewhere:5672/v');
    const token = { type: 'nats' as const, url: 'nats://tok123@n:4222', subject: 's' };
    expect(keepMaskedPassword({ ...token, url: 'nats://***@n:4222' }, token).url).toBe(
      'nats://tok123@n:4222',
    );
  });

  it("a broker source's masked URL keeps the stored credentials on the same host, with the rest of the new URL", () => {
    const stored = 'amqp://herald:s3cr%40t@rabbit:5672/prod';
    // as GET shows it: nothing changes
    expect(withStoredCredentials(maskUrl(stored, 'amqp'), stored, 'amqp')).toBe(stored);
    // another vhost and user, the password kept
    expect(withStoredCredentials('amqp://ops:***@rabbit:5672/staging', stored, 'amqp')).toBe(
      'amqp://ops:s3cr%40t@rabbit:5672/staging',
    );
    // a password of its own replaces the stored one, on any host
    expect(withStoredCredentials('amqp://herald:n3w@other:5672/prod', stored, 'amqp')).toBe(
      'amqp://herald:n3w@other:5672/prod',
    );
    // the mask on another host or port: refused, the stored password never goes elsewhere
    expect(withStoredCredentials('amqp://herald:***@other:5672/prod', stored, 'amqp')).toBeNull();
    expect(withStoredCredentials('amqp://herald:***@rabbit:5673/prod', stored, 'amqp')).toBeNull();
    // Redis: a password without a user; NATS: a token in the user part
    expect(withStoredCredentials('redis://:***@r:6379/2', 'redis://:pw@r:6379/0', 'redis')).toBe(
      'redis://:pw@r:6379/2',
    );
    expect(withStoredCredentials('nats://***@n:4222', 'nats://tok123@n:4222', 'nats')).toBe(
      'nats://tok123@n:4222',
    );
    // a URL shown without credentials (it has none) is taken as it is
    expect(withStoredCredentials('redis://r:6379', 'redis://r:6379', 'redis')).toBe('redis://r:6379');
    expect(withStoredCredentials('redis://:***@r:6379', null, 'redis')).toBeNull();
  });

  it('masks, labels, seals and opens a Kafka SASL password; the masked one back keeps it for the same brokers and user', () => {
    const cipher = createCipher(generateEncryptionKey());
    const d = {
      type: 'kafka' as const,
      brokers: ['k1:9093', 'k2:9093'],
      topic: 'orders',
      sasl: { mechanism: 'scram-sha-256' as const, username: 'app', password: 'kafka-pa55' },
      tls: true,
    };
    expect(maskDestination(d)).toEqual({ ...d, sasl: { ...d.sasl, password: '***' } });
    expect(destinationLabel(d)).toBe('kafka://app:***@k1:9093,k2:9093 topic=orders sasl=scram-sha-256 tls');
    const sealed = sealDestination(d, cipher);
    expect(sealed.type === 'kafka' && sealed.sasl?.password).toMatch(/^enc:v1:[0-9a-f]{8}:/);
    expect(JSON.stringify(sealed)).not.toContain('kafka-pa55');
    expect(openDestination(sealed, cipher)).toEqual(d);
    expect(secretsOf(d)).toContain('kafka-pa55');

    const back = {
      ...d,
      topic: 'paid',
      brokers: ['k2:9093', 'k1:9093'],
      sasl: { ...d.sasl, password: '***' },
    };
    expect(keepMaskedPassword(back, d)).toEqual({ ...back, sasl: d.sasl });
    // other brokers, or another user: the mask stays (the route refuses it)
    for (const moved of [
      { ...back, brokers: ['evil:9093'] },
      { ...back, brokers: [...d.brokers, 'evil:9093'] },
      { ...back, sasl: { ...back.sasl, username: 'other' } },
    ])
      expect(keepMaskedPassword(moved, d).sasl?.password).toBe('***');
  });

  it('redacts credentials from error text', () => {
    const d = { type: 'amqp' as const, url: 'amqp://u:p%40ss-word@r:5672', exchange: '', routingKey: '' };
    const text = 'login failed for amqp://u:p%40ss-word@r:5672 with p@ss-word';
    expect(redact(text, secretsOf(d))).toBe('login failed for *** with ***');
  });
});
