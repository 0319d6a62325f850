/**
 * Standard Webhooks asymmetric signatures (`v1a`): ed25519 over `${id}.${timestamp}.${body}`.
 * The signing secret is `whsk_` + standard base64 of the 32-byte ed25519 seed, the public key
 * `whpk_` + standard base64 of the 32-byte public key, as in the specification's reference library.
 * Receivers verify with the public key alone, so they can never sign.
 */
import { createPrivateKey, createPublicKey, type KeyObject, randomBytes, sign, verify } from 'node:crypto';
import { InvalidSecretError } from './errors.ts';

export const ASYMMETRIC_SECRET_PREFIX = 'whsk_';
export const PUBLIC_KEY_PREFIX = 'whpk_';
const KEY_BYTES = 32;
/** DER of a PKCS#8 ed25519 private key, up to the 32 bytes of the seed (RFC 8410). */
const PKCS8_SEED_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
/** DER of an SPKI ed25519 public key, up to the 32 bytes of the key. */
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** 32 bytes of canonical standard base64 after `prefix`, or an InvalidSecretError naming the form. */
function keyBytes(text: string, prefix: string, what: string): Buffer {
  if (typeof text !== 'string' || !text.startsWith(prefix))
    throw new InvalidSecretError(`${what} must start with "${prefix}"`);
  const encoded = text.slice(prefix.length);
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length !== KEY_BYTES || bytes.toString('base64') !== encoded)
    throw new InvalidSecretError(`${what} must be "${prefix}" followed by standard base64 of 32 bytes`);
  return bytes;
}

/** Parsed private keys by secret: a key set-up costs as much as a signature. Bounded. */
const privateKeys = new Map<string, KeyObject>();

function privateKeyOf(secret: string): KeyObject {
  let key = privateKeys.get(secret);
  if (!key) {
    const seed = keyBytes(secret, ASYMMETRIC_SECRET_PREFIX, 'asymmetric secret');
    key = createPrivateKey({ key: Buffer.concat([PKCS8_SEED_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    if (privateKeys.size >= 1000) privateKeys.clear();
    privateKeys.set(secret, key);
  }
  return key;
}

function publicKeyObject(publicKey: string): KeyObject {
  const raw = keyBytes(publicKey, PUBLIC_KEY_PREFIX, 'public key');
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

export const isAsymmetricSecret = (secret: string): boolean =>
  typeof secret === 'string' && secret.startsWith(ASYMMETRIC_SECRET_PREFIX);

/** A fresh `whsk_` signing secret (a random ed25519 seed). */
export function generateAsymmetricSecret(): string {
  return ASYMMETRIC_SECRET_PREFIX + randomBytes(KEY_BYTES).toString('base64');
}

export function isValidAsymmetricSecret(secret: string): boolean {
  try {
    keyBytes(secret, ASYMMETRIC_SECRET_PREFIX, 'asymmetric secret');
    return true;
  } catch {
    return false;
  }
}

/** The `whpk_` public key of a `whsk_` secret: what receivers verify with. */
export function publicKeyOf(secret: string): string {
  const spki = createPublicKey(privateKeyOf(secret)).export({ format: 'der', type: 'spki' });
  return PUBLIC_KEY_PREFIX + spki.subarray(SPKI_PREFIX.length).toString('base64');
}

function signedContent(msgId: string, timestampSeconds: number, body: string | Uint8Array): Buffer {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0)
    throw new TypeError(`timestamp must be a non-negative integer of unix seconds, got ${timestampSeconds}`);
  const prefix = Buffer.from(`${msgId}.${timestampSeconds}.`, 'utf8');
  return Buffer.concat([prefix, typeof body === 'string' ? Buffer.from(body, 'utf8') : body]);
}

/** One `v1a,<base64>` signature with a `whsk_` secret. */
export function signAsymmetric(
  secret: string,
  msgId: string,
  timestampSeconds: number,
  body: string | Uint8Array,
): string {
  const signature = sign(null, signedContent(msgId, timestampSeconds, body), privateKeyOf(secret));
  return `v1a,${signature.toString('base64')}`;
}

/** True when one of the base64 `v1a` signatures verifies with `publicKey` (`whpk_…`). */
export function verifyAsymmetric(
  publicKey: string,
  msgId: string,
  timestampSeconds: number,
  body: string | Uint8Array,
  signatures: string[],
): boolean {
  const key = publicKeyObject(publicKey);
  const content = signedContent(msgId, timestampSeconds, body);
  let matched = false;
  for (const candidate of signatures) {
    const bytes = Buffer.from(candidate, 'base64');
    // an ed25519 signature is 64 bytes; base64 must be canonical, as for v1
    if (bytes.length === 64 && bytes.toString('base64') === candidate && verify(null, content, key, bytes))
      matched = true;
  }
  return matched;
}
