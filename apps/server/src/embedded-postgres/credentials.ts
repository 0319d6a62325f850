import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The cluster's superuser and password, in <dataDir>/pg-credentials.json (mode 0600), generated once. */
export type Credentials = { user: string; password: string };

const USER = 'herald';

/** Reads the credentials; generates and writes them when `creating` the cluster and there are none yet. */
export async function loadCredentials(dataDir: string, creating: boolean): Promise<Credentials> {
  const file = join(dataDir, 'pg-credentials.json');
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<Credentials>;
    if (typeof parsed.user !== 'string' || typeof parsed.password !== 'string') throw new Error('malformed');
    return { user: parsed.user, password: parsed.password };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`cannot read ${file}: ${(err as Error).message}`);
    }
    if (!creating) {
      throw new Error(`the embedded PostgreSQL cluster in ${dataDir} exists but ${file} is missing`);
    }
  }
  const credentials = { user: USER, password: randomBytes(24).toString('base64url') };
  await writeFile(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return credentials;
}
