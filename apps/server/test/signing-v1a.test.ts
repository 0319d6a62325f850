import { createPublicKey, verify as cryptoVerify } from 'node:crypto';
import { verifyWebhook } from '@herald/sdk';
import * as noble from '@noble/ed25519';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, resources } from './helpers/api.ts';
import { startTestHerald, type TestHerald } from './helpers/herald.ts';
import { type Received, startReceiver } from './helpers/receiver.ts';

let h: TestHerald;
beforeAll(async () => {
  h = await startTestHerald();
});
afterAll(async () => {
  await h?.stop();
});

const seedSecret = `whsk_${Buffer.alloc(32, 42).toString('base64')}`;

/** v1a entries of a delivery, checked with node:crypto given only the whpk_ key (no Herald code). */
function verifiesWithPublicKey(publicKey: string, r: Received): boolean {
  const x = Buffer.from(publicKey.slice('whpk_'.length), 'base64').toString('base64url');
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
  const content = Buffer.from(`${r.headers['webhook-id']}.${r.headers['webhook-timestamp']}.${r.body}`);
  return String(r.headers['webhook-signature'])
    .split(' ')
    .filter((e) => e.startsWith('v1a,'))
    .some((e) => cryptoVerify(null, content, key, Buffer.from(e.slice(4), 'base64')));
}

describe('v1a (ed25519) endpoints', () => {
  it('sign with ed25519; the public key from /secret verifies them outside Herald', async () => {
    const { newApp, newEndpoint, publish } = resources(h);
    const app = await newApp();
    const rc = await startReceiver();
    try {
      const ep = await newEndpoint(app.id, rc.url, { secret: seedSecret });
      const out = await h.api('GET', `/v1/apps/${app.id}/endpoints/${ep.id}/secret`);
      expect(out.body.key).toBe(seedSecret);
      expect(out.body.publicKey).toMatch(/^whpk_[A-Za-z0-9+/]{43}=$/);
      const seed = Uint8Array.from(Buffer.alloc(32, 42));
      expect(out.body.publicKey.slice(5)).toBe(
        Buffer.from(await noble.getPublicKeyAsync(seed)).toString('base64'),
      );

      await publish(app.id, { eventType: 'invoice.paid', payload: { amount: 100, note: 'café ☃' } });
      const [got] = await rc.waitFor(1);
      expect(got!.headers['webhook-signature']).toMatch(/^v1a,[A-Za-z0-9+/]{86}==$/);
      expect(verifiesWithPublicKey(out.body.publicKey, got!)).toBe(true);
      // an independent ed25519 implementation agrees
      const sig = Buffer.from(String(got!.headers['webhook-signature']).slice(4), 'base64');
      const content = new TextEncoder().encode(
        `${got!.headers['webhook-id']}.${got!.headers['webhook-timestamp']}.${got!.body}`,
      );
      expect(await noble.verifyAsync(sig, content, Buffer.from(out.body.publicKey.slice(5), 'base64'))).toBe(
        true,
      );
      // and the SDK's WebCrypto verifier
      expect(
        await verifyWebhook(out.body.publicKey, got!.body, got!.headers as Record<string, string>),
      ).toMatchObject({ type: 'invoice.paid', data: { amount: 100 } });
      // a tampered body fails everywhere
      expect(
        verifiesWithPublicKey(out.body.publicKey, { ...got!, body: got!.body.replace('100', '101') }),
      ).toBe(false);
      await expect(
        verifyWebhook(
          out.body.publicKey,
          got!.body.replace('100', '101'),
          got!.headers as Record<string, string>,
        ),
      ).rejects.toThrow(/no matching signature/);

      // rotating without a key keeps the kind; rotating to an HMAC secret signs v1a and v1 for 24 h
      expect((await h.api('POST', `/v1/apps/${app.id}/endpoints/${ep.id}/secret/rotate`)).status).toBe(204);
      const rotated = (await h.api('GET', `/v1/apps/${app.id}/endpoints/${ep.id}/secret`)).body;
      expect(rotated.key).toMatch(/^whsk_/);
      expect(rotated.publicKey).not.toBe(out.body.publicKey);
      const hmac = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;
      expect(
        (await h.api('POST', `/v1/apps/${app.id}/endpoints/${ep.id}/secret/rotate`, { key: hmac })).status,
      ).toBe(204);
      expect((await h.api('GET', `/v1/apps/${app.id}/endpoints/${ep.id}/secret`)).body).toEqual({
        key: hmac,
        publicKey: null,
      });
      await publish(app.id, { eventType: 'invoice.paid', payload: { amount: 2 } });
      const second = (await rc.waitFor(2))[1]!;
      expect(String(second.headers['webhook-signature'])).toMatch(/^v1,\S+ v1a,\S+$/);
      new Webhook(hmac).verify(second.body, second.headers as Record<string, string>);
      expect(verifiesWithPublicKey(rotated.publicKey, second)).toBe(true);
    } finally {
      await rc.close();
    }
  });

  it('refuses a malformed whsk_ secret, naming the field', async () => {
    const { newApp } = resources(h);
    const app = await newApp();
    for (const secret of [`whsk_${Buffer.alloc(31).toString('base64')}`, 'whsk_', 'whpk_abc']) {
      const res = await h.api('POST', `/v1/apps/${app.id}/endpoints`, { url: 'http://127.0.0.1:9/', secret });
      expectProblem(res, 422, 'secret');
    }
    expect(h.serverErrors).toEqual([]);
  });
});
