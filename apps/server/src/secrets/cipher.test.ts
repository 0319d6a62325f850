import { createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createCipher,
  EncryptionKeyError,
  generateEncryptionKey,
  keyId,
  keyIdOf,
  parseEncryptionKeys,
} from './cipher.ts';

const k1 = generateEncryptionKey();
const k2 = randomBytes(32).toString('hex');

describe('secret cipher (AES-256-GCM)', () => {
  it('round-trips, with a fresh IV each time, and names its key id', () => {
    const c = createCipher(k1);
    const a = c.encrypt('whsec_abc');
    const b = c.encrypt('whsec_abc');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^enc:v1:[0-9a-f]{8}:[A-Za-z0-9_-]+$/);
    expect(a).not.toContain('whsec_abc');
    expect(keyIdOf(a)).toBe(c.primaryKeyId);
    expect(c.primaryKeyId).toBe(keyId(Buffer.from(k1, 'base64')));
    expect(c.decrypt(a)).toBe('whsec_abc');
    expect(c.decrypt(b)).toBe('whsec_abc');
    expect(c.decrypt(c.encrypt(''))).toBe('');
    expect(c.decrypt(c.encrypt('café ☃'))).toBe('café ☃');
  });

  it('is standard AES-256-GCM: node:crypto decrypts it from the documented layout', () => {
    const c = createCipher(k1);
    const stored = c.encrypt('plain text');
    const raw = Buffer.from(stored.split(':')[3]!, 'base64url');
    const d = createDecipheriv('aes-256-gcm', Buffer.from(k1, 'base64'), raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(raw.length - 16));
    expect(Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]).toString()).toBe(
      'plain text',
    );
  });

  it('encrypts with the first key and decrypts with any (rotation)', () => {
    const old = createCipher(k1);
    const rotated = createCipher(`${k2},${k1}`);
    const before = old.encrypt('s1');
    expect(rotated.decrypt(before)).toBe('s1');
    expect(rotated.isCurrent(before)).toBe(false);
    const after = rotated.encrypt('s1');
    expect(keyIdOf(after)).toBe(rotated.primaryKeyId);
    expect(rotated.isCurrent(after)).toBe(true);
    expect(rotated.keyIds).toEqual([rotated.primaryKeyId, old.primaryKeyId]);
    // the old key alone cannot read what the new one wrote, and says which key is missing
    expect(() => old.decrypt(after)).toThrow(new RegExp(`key id ${rotated.primaryKeyId}`));
  });

  it('reads plaintext (rows from before encryption) as itself', () => {
    const c = createCipher(k1);
    expect(c.decrypt('whsec_legacy')).toBe('whsec_legacy');
    expect(c.decryptNullable(null)).toBeNull();
    expect(keyIdOf('whsec_legacy')).toBeNull();
  });

  it('refuses a tampered value without showing it', () => {
    const c = createCipher(k1);
    const stored = c.encrypt('whsec_topsecret');
    const raw = Buffer.from(stored.split(':')[3]!, 'base64url');
    raw[14]! ^= 1;
    const tampered = `enc:v1:${c.primaryKeyId}:${raw.toString('base64url')}`;
    expect(() => c.decrypt(tampered)).toThrow(EncryptionKeyError);
    expect(() => c.decrypt(tampered)).toThrow(/integrity/);
    expect(() => c.decrypt(`enc:v1:${c.primaryKeyId}:AAAA`)).toThrow(/truncated/);
  });

  it('parses comma-separated base64 or hex keys and names a bad one', () => {
    expect(parseEncryptionKeys(` ${k1} , ${k2} `)).toHaveLength(2);
    expect(() => parseEncryptionKeys('short')).toThrow(/key 1 is not 32 bytes/);
    expect(() => parseEncryptionKeys(`${k1},${randomBytes(16).toString('base64')}`)).toThrow(
      /key 2 is not 32 bytes/,
    );
    expect(() => parseEncryptionKeys(`${k1},${k1}`)).toThrow(/twice/);
    expect(() => parseEncryptionKeys(',')).toThrow(/no key/);
  });
});
