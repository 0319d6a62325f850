import { readFileSync } from 'node:fs';
import * as noble from '@noble/ed25519';
import { describe, expect, it } from 'vitest';
import {
  generateAsymmetricSecret,
  generateSecret,
  InvalidSecretError,
  isValidAsymmetricSecret,
  publicKeyOf,
  signAsymmetric,
  signatureHeader,
  verify,
  WebhookVerificationError,
} from './index.ts';

const vectors = JSON.parse(
  readFileSync(new URL('../test/vectors/standard-webhooks-asymmetric.json', import.meta.url), 'utf8'),
) as { cases: Array<{ secret: string; id: string; timestamp: number; body: string; signature: string }> };

const b64 = (s: string) => Uint8Array.from(Buffer.from(s, 'base64'));
const now = () => Math.floor(Date.now() / 1000);
const headersOf = (id: string, ts: number, signature: string) => ({
  'webhook-id': id,
  'webhook-timestamp': String(ts),
  'webhook-signature': signature,
});

describe('v1a (ed25519) signatures', () => {
  for (const [i, c] of vectors.cases.entries()) {
    it(`reproduces the reference library's case ${i} byte for byte`, () => {
      expect(signAsymmetric(c.secret, c.id, c.timestamp, c.body)).toBe(c.signature);
      expect(signatureHeader([c.secret], c.id, c.timestamp, c.body)).toBe(c.signature);
      verify(publicKeyOf(c.secret), c.body, headersOf(c.id, c.timestamp, c.signature), {
        nowSeconds: c.timestamp,
      });
    });
  }

  it('agrees with an independent implementation (@noble/ed25519) both ways', async () => {
    const secret = generateAsymmetricSecret();
    const seed = b64(secret.slice('whsk_'.length));
    const publicKey = publicKeyOf(secret);
    expect(publicKey).toMatch(/^whpk_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(await noble.getPublicKeyAsync(seed)).toString('base64')).toBe(publicKey.slice(5));

    const ts = now();
    const body = '{"type":"a.b","timestamp":"2026-01-01T00:00:00.000Z","data":{"note":"café ☃"}}';
    const content = new TextEncoder().encode(`msg_1.${ts}.${body}`);
    const ours = signAsymmetric(secret, 'msg_1', ts, body);
    expect(await noble.verifyAsync(b64(ours.slice(4)), content, b64(publicKey.slice(5)))).toBe(true);
    // one changed byte of the body: noble refuses our signature
    const other = new TextEncoder().encode(`msg_1.${ts}.${body.replace('a.b', 'a.c')}`);
    expect(await noble.verifyAsync(b64(ours.slice(4)), other, b64(publicKey.slice(5)))).toBe(false);

    const theirs = `v1a,${Buffer.from(await noble.signAsync(content, seed)).toString('base64')}`;
    expect(theirs).toBe(ours); // deterministic: the same bytes
    verify(publicKey, body, headersOf('msg_1', ts, theirs));
  });

  it('verifies with the public key: any one matching entry, v1 and v1a mixed during a rotation', () => {
    const hmac = generateSecret();
    const ed = generateAsymmetricSecret();
    const ts = now();
    const header = signatureHeader([ed, hmac], 'msg_2', ts, '{}');
    expect(header).toMatch(/^v1a,\S+ v1,\S+$/);
    verify(publicKeyOf(ed), '{}', headersOf('msg_2', ts, header));
    verify(hmac, '{}', headersOf('msg_2', ts, header));
    verify(ed, '{}', headersOf('msg_2', ts, header));
    // only v1 entries: a public key finds nothing to check
    expect(() =>
      verify(publicKeyOf(ed), '{}', headersOf('msg_2', ts, signatureHeader([hmac], 'msg_2', ts, '{}'))),
    ).toThrow(WebhookVerificationError);
    // another key, another body, a stale timestamp
    const wrong = publicKeyOf(generateAsymmetricSecret());
    expect(() => verify(wrong, '{}', headersOf('msg_2', ts, header))).toThrow(/no matching signature/);
    expect(() => verify(publicKeyOf(ed), '{ }', headersOf('msg_2', ts, header))).toThrow(/no matching/);
    const old = ts - 600;
    expect(() =>
      verify(publicKeyOf(ed), '{}', headersOf('msg_2', old, signAsymmetric(ed, 'msg_2', old, '{}'))),
    ).toThrow(/too old/);
  });

  it('takes only canonical whsk_/whpk_ keys of 32 bytes', () => {
    expect(isValidAsymmetricSecret(generateAsymmetricSecret())).toBe(true);
    expect(isValidAsymmetricSecret(`whsk_${Buffer.alloc(31).toString('base64')}`)).toBe(false);
    expect(isValidAsymmetricSecret(`whsk_${Buffer.alloc(32).toString('base64url')}`)).toBe(false);
    expect(isValidAsymmetricSecret(generateSecret())).toBe(false);
    expect(() => publicKeyOf('whsk_nope')).toThrow(InvalidSecretError);
    expect(() => verify('whpk_short', '{}', headersOf('m', now(), 'v1a,AAAA'))).toThrow(InvalidSecretError);
  });
});
