// The cost of secrets at rest on the delivery path (node bench/secrets-cost.ts): the prepare stage
// (body and signature) with the secret stored encrypted (decrypted per delivery, or from the cache)
// vs in plaintext, interleaved in one run so the ratios hold on a busy machine. Publishing reads no
// secret, so its path has nothing to measure.
import { generateSecret } from '@herald/signing';
import type { ClaimedDelivery } from '../apps/server/src/db/deliveries.ts';
import { prepareRequest } from '../apps/server/src/delivery/prepare.ts';
import { createCipher, generateEncryptionKey } from '../apps/server/src/secrets/cipher.ts';

const keys = generateEncryptionKey();
const cached = createCipher(keys);
const uncached = createCipher(keys, { cacheSize: 0 });
const secret = generateSecret();
const base = {
  message_id: 'msg_01JBENCH',
  event_type: 'invoice.paid',
  payload: JSON.stringify({ id: 'in_1', amount: 1200, currency: 'EUR', lines: [{ sku: 'a', qty: 2 }] }),
  message_created_at: new Date(),
  headers: {},
  url: 'http://127.0.0.1/x',
  previous_secret: null,
} as unknown as ClaimedDelivery;
const plain = { ...base, secret };
const encrypted = { ...base, secret: cached.encrypt(secret) };

function perOp(fn: () => void, n: number): number {
  for (let i = 0; i < 1000; i++) fn();
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - t) / n / 1000;
}

const N = 20_000;
const now = Math.floor(Date.now() / 1000);
const cases = {
  encryptUs: () => cached.encrypt(secret),
  decryptUs: () => uncached.decrypt(encrypted.secret),
  preparePlainUs: () => prepareRequest(plain, 'Herald/bench', now, cached),
  prepareDecryptEachUs: () => prepareRequest(encrypted, 'Herald/bench', now, uncached),
  prepareCachedUs: () => prepareRequest(encrypted, 'Herald/bench', now, cached),
};
const best: Record<string, number> = {};
for (let r = 0; r < 10; r++)
  for (const [name, fn] of Object.entries(cases)) best[name] = Math.min(best[name] ?? Infinity, perOp(fn, N));
const round = (v: number) => Math.round(v * 100) / 100;
console.log(
  JSON.stringify({
    ...Object.fromEntries(Object.entries(best).map(([k, v]) => [k, round(v)])),
    decryptEachRatio: round(best.prepareDecryptEachUs! / best.preparePlainUs!),
    cachedRatio: round(best.prepareCachedUs! / best.preparePlainUs!),
  }),
);
