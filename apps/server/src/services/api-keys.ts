import { createHash, randomBytes } from 'node:crypto';

export const hashKey = (key: string): Buffer => createHash('sha256').update(key).digest();

/** A new API key: shown once, stored only as its hash. */
export function generateApiKey(): string {
  return `hk_${randomBytes(32).toString('base64url')}`;
}
