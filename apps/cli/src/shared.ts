/** What the CLI's commands share: the version, how a Herald is reached, usage errors, error text. */
import { readFileSync } from 'node:fs';
import { HeraldApiError } from '@herald/sdk';

// Replaced by the package build (scripts/build-packages.ts); in the repository, read from package.json.
declare const __HERALD_VERSION__: string | undefined;

export const version: string =
  typeof __HERALD_VERSION__ === 'string'
    ? __HERALD_VERSION__
    : JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version;

/** Bad arguments: the command prints the message and its usage, and exits 2. */
export class UsageError extends Error {}

/** A UsageError, or one of parseArgs' own (unknown option, missing value). */
export function isUsageError(err: unknown): err is Error {
  return err instanceof UsageError || /^ERR_PARSE_ARGS/.test(String((err as { code?: unknown })?.code));
}

/** The options every command takes to reach a Herald. */
export const connectionOptions = {
  url: { type: 'string' },
  key: { type: 'string' },
} as const;

export const CONNECTION_USAGE = `  --url <url>             Herald's API (default: $HERALD_URL or http://127.0.0.1:8080)
  --key <api key>         API key (default: $HERALD_API_KEY)`;

/** Herald's URL and key from the flags, else the environment; a UsageError when either is unusable. */
export function connection(
  values: { url?: string | undefined; key?: string | undefined },
  env: NodeJS.ProcessEnv,
): { url: string; key: string } {
  const url = values.url ?? env.HERALD_URL ?? 'http://127.0.0.1:8080';
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
    throw new UsageError(`--url must be an http(s) URL, got ${JSON.stringify(url)}`);
  const key = values.key ?? env.HERALD_API_KEY;
  if (!key) throw new UsageError('an API key is required: --key or HERALD_API_KEY');
  return { url, key };
}

/** Comma-separated words, trimmed; undefined when none. */
export function list(value: string | undefined): string[] | undefined {
  const words = value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return words?.length ? words : undefined;
}

export interface CommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  /** Stops the command (the CLI wires SIGINT/SIGTERM to it). */
  signal: AbortSignal;
  /** Standard input, for `herald publish` without --data. */
  stdin?: () => Promise<string>;
}

export const stamp = () => new Date().toISOString();

/** One line for an error: Herald's problem, or the network cause. */
export function describe(err: unknown): string {
  if (err instanceof HeraldApiError) return err.message;
  if (err instanceof Error) {
    const cause = (err.cause as { code?: string; message?: string } | undefined) ?? undefined;
    return cause?.code ?? cause?.message ?? err.message;
  }
  return String(err);
}
