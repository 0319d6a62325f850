import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Secrets at rest: AES-256-GCM with the keys of HERALD_ENCRYPTION_KEY (comma-separated, each 32 bytes
 * as standard base64 or 64 hex digits). The first key encrypts; every key decrypts, so a new key can
 * be put first while rows written under the old one still read (the re-encryption job moves them on).
 *
 * A stored value is `enc:v1:<key id>:<base64url of iv(12) | ciphertext | tag(16)>`. The key id is
 * derived from the key (8 hex digits of a SHA-256 over it), so each value names the key it needs
 * without the configuration having to name keys. Anything without the `enc:v1:` prefix is a value
 * written before encryption existed (or by code that does not encrypt yet) and reads as itself; the
 * boot pass and the job encrypt such rows.
 */

const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export class EncryptionKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EncryptionKeyError';
  }
}

export interface SecretCipher {
  /** id of the key that encrypts */
  readonly primaryKeyId: string;
  /** ids of every key that decrypts, the primary first */
  readonly keyIds: readonly string[];
  /** `enc:v1:<kid>:…` under the primary key; a fresh IV each time */
  encrypt(plaintext: string): string;
  /** the plaintext of a stored value; a value without the prefix (written before encryption) as is */
  decrypt(stored: string): string;
  /** null stays null: for nullable columns */
  decryptNullable(stored: string | null): string | null;
  /** true when `stored` is already encrypted under the primary key (nothing for the job to do) */
  isCurrent(stored: string): boolean;
}

/** The key id a stored value was encrypted with; null for a value stored in plaintext. */
export function keyIdOf(stored: string): string | null {
  if (!stored.startsWith(PREFIX)) return null;
  const end = stored.indexOf(':', PREFIX.length);
  return end === -1 ? null : stored.slice(PREFIX.length, end);
}

/** A fresh key in the form HERALD_ENCRYPTION_KEY takes (standard base64 of 32 random bytes). */
export function generateEncryptionKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

function parseKey(text: string, position: number): Buffer {
  const t = text.trim();
  let key: Buffer | null = null;
  if (/^[0-9a-fA-F]{64}$/.test(t)) key = Buffer.from(t, 'hex');
  else if (/^[A-Za-z0-9+/]{43}=$/.test(t)) key = Buffer.from(t, 'base64');
  if (!key || key.length !== KEY_BYTES)
    throw new EncryptionKeyError(
      `key ${position} is not 32 bytes as base64 (44 characters) or hex (64 digits); make one with: openssl rand -base64 32`,
    );
  return key;
}

/** The keys of a HERALD_ENCRYPTION_KEY value, in order; throws EncryptionKeyError naming the bad one. */
export function parseEncryptionKeys(value: string): Buffer[] {
  const parts = value.split(',').filter((p) => p.trim() !== '');
  if (parts.length === 0) throw new EncryptionKeyError('no key given');
  const keys = parts.map((p, i) => parseKey(p, i + 1));
  const ids = keys.map(keyId);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new EncryptionKeyError(`the same key is given twice (key id ${dup})`);
  return keys;
}

/** 8 hex digits naming a key; a hash of it under a fixed label, never the key itself. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update('herald-encryption-key-id:').update(key).digest('hex').slice(0, 8);
}

/**
 * Decrypted values kept per process, by stored value: the worker decrypts the same few endpoint
 * secrets for every delivery, and decrypting each time made the prepare stage of a delivery (body
 * and signature) 1.7 times as slow, the cache 1.02 times (bench/secrets-cost.ts). The key is in this
 * process's memory anyway; a rotation stores a new value, so nothing stale is ever served.
 */
const DECRYPTED_CACHE_SIZE = 10_000;

/** A cipher over the keys of a HERALD_ENCRYPTION_KEY value (or keys already parsed). */
export function createCipher(
  keys: string | Buffer[],
  { cacheSize = DECRYPTED_CACHE_SIZE }: { cacheSize?: number } = {},
): SecretCipher {
  const list = typeof keys === 'string' ? parseEncryptionKeys(keys) : keys;
  if (list.length === 0) throw new EncryptionKeyError('no key given');
  const byId = new Map(list.map((k) => [keyId(k), k] as const));
  const keyIds = [...byId.keys()];
  const primaryKeyId = keyIds[0]!;
  const primary = list[0]!;

  const cache = new Map<string, string>();
  function decrypt(stored: string): string {
    const hit = cache.get(stored);
    if (hit !== undefined) return hit;
    const kid = keyIdOf(stored);
    if (kid === null) return stored;
    const plaintext = decryptWith(kid, stored);
    if (cacheSize === 0) return plaintext;
    // oldest first out: Map keeps insertion order
    if (cache.size >= cacheSize) cache.delete(cache.keys().next().value!);
    cache.set(stored, plaintext);
    return plaintext;
  }

  function decryptWith(kid: string, stored: string): string {
    const key = byId.get(kid);
    if (!key)
      throw new EncryptionKeyError(
        `a secret is encrypted with key id ${kid}, which HERALD_ENCRYPTION_KEY does not hold`,
      );
    const raw = Buffer.from(stored.slice(PREFIX.length + kid.length + 1), 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new EncryptionKeyError('a stored secret is truncated');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    try {
      return Buffer.concat([
        decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      // never the value or the key in the message
      throw new EncryptionKeyError(`a secret encrypted with key id ${kid} failed its integrity check`);
    }
  }

  return {
    primaryKeyId,
    keyIds,
    encrypt(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', primary, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${PREFIX}${primaryKeyId}:${Buffer.concat([iv, body]).toString('base64url')}`;
    },
    decrypt,
    decryptNullable: (stored) => (stored === null ? null : decrypt(stored)),
    isCurrent: (stored) => keyIdOf(stored) === primaryKeyId,
  };
}
