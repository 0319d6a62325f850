import { closeSync, constants, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config.ts';
import { createCipher, generateEncryptionKey, type SecretCipher } from './cipher.ts';

/** Where development mode keeps the key it generated, inside HERALD_DATA_DIR. */
export const DEV_KEY_FILE = 'encryption-key';

export interface LoadedCipher {
  cipher: SecretCipher;
  /** where the keys came from, for the banner and the log */
  source: 'env' | 'dev-file' | 'dev-generated';
  file?: string;
}

/**
 * The process's cipher: HERALD_ENCRYPTION_KEY when set. Without it (development only: the config
 * refuses production without a key) a key kept in HERALD_DATA_DIR, generated on first start. Every
 * process that shares a database must use the same keys: that file serves processes sharing one data
 * dir (one machine), nothing more.
 */
export function loadCipher(config: Config): LoadedCipher {
  if (config.HERALD_ENCRYPTION_KEY)
    return { cipher: createCipher(config.HERALD_ENCRYPTION_KEY), source: 'env' };
  if (!config.devMode) throw new Error('HERALD_ENCRYPTION_KEY is required in production');
  const dir = resolve(config.HERALD_DATA_DIR);
  const file = join(dir, DEV_KEY_FILE);
  mkdirSync(dir, { recursive: true });
  try {
    // O_EXCL: two processes starting at once on one data dir agree on the first one's key
    const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    try {
      writeSync(fd, `${generateEncryptionKey()}\n`);
    } finally {
      closeSync(fd);
    }
    return { cipher: createCipher(readFileSync(file, 'utf8').trim()), source: 'dev-generated', file };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  // written by a process that may still be writing it: a short file is read again
  for (let i = 0; ; i++) {
    const text = readFileSync(file, 'utf8').trim();
    if (text.length >= 44 || i >= 50) return { cipher: createCipher(text), source: 'dev-file', file };
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  }
}
