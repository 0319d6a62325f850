import { readFileSync } from 'node:fs';

/** Herald's version, from the root package.json (sent as `user-agent: Herald/<version>`). */
export const version: string = JSON.parse(
  readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
).version;

export const userAgent = `Herald/${version}`;
