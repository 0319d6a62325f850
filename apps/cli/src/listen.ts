/**
 * `herald listen`: follows an application's events feed by long-poll and forwards each message to a
 * local URL as a real Standard Webhooks request, signed with a local secret: webhooks on a laptop with
 * no public URL and no relay in between (what `stripe listen` does, against your own Herald).
 *
 * In order and one at a time. A message is acked on the server-kept consumer cursor only once the
 * local URL answered 2xx; a failing local URL is retried with backoff, never skipped. When Herald is
 * unreachable or restarting, the feed is retried with backoff and resumes from the cursor.
 */
import { parseArgs } from 'node:util';
import { type FeedItem, Herald, HeraldApiError, type Message } from '@herald/sdk';
import { generateSecret, parseSecret, sign } from '@herald/signing';
import {
  CONNECTION_USAGE,
  type CommandIo,
  connection,
  connectionOptions,
  describe,
  isUsageError,
  list,
  stamp,
  UsageError,
  version,
} from './shared.ts';

const USAGE = `usage: herald listen --app <app> --forward-to <url> [options]

  --app <app>             application id or uid whose feed to follow
  --forward-to <url>      local URL that receives each message as a signed webhook (POST)
${CONNECTION_USAGE}
  --consumer <name>       consumer cursor kept by the server, to resume from (default: herald-listen)
  --secret <whsec_...>    signing secret for the forwarded requests (default: a new one, printed)
  --event-types <a,b>     only these event types
  --channel <channel>     only messages of this channel
  --since <ISO time>      a consumer with no cursor yet starts here (default: now, by the server's clock)`;

const userAgent = `Herald/${version} (listen)`;

/** The body Herald itself sends (apps/server delivery/prepare.ts): `{"type","timestamp","data"}`. */
export function webhookBody(message: Message): string {
  return `{"type":${JSON.stringify(message.eventType)},"timestamp":${JSON.stringify(message.timestamp)},"data":${JSON.stringify(message.payload ?? null)}}`;
}

interface ListenConfig {
  app: string;
  forwardTo: string;
  url: string;
  key: string;
  consumer: string;
  secret: string;
  secretGenerated: boolean;
  eventTypes: string[] | undefined;
  channel: string | undefined;
  /** where a consumer with no cursor starts; undefined: now, by the server's clock */
  since: string | undefined;
}

function readConfig(argv: string[], env: NodeJS.ProcessEnv): ListenConfig | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      app: { type: 'string' },
      'forward-to': { type: 'string' },
      ...connectionOptions,
      consumer: { type: 'string' },
      secret: { type: 'string' },
      'event-types': { type: 'string' },
      channel: { type: 'string' },
      since: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  if (!values.app) throw new UsageError('--app is required');
  const forwardTo = values['forward-to'];
  if (!forwardTo) throw new UsageError('--forward-to is required');
  if (!URL.canParse(forwardTo) || !/^https?:$/.test(new URL(forwardTo).protocol))
    throw new UsageError(`--forward-to must be an http(s) URL, got ${JSON.stringify(forwardTo)}`);
  const { url, key } = connection(values, env);
  const consumer = values.consumer ?? 'herald-listen';
  if (!/^[a-zA-Z0-9\-_.]{1,128}$/.test(consumer))
    throw new UsageError('--consumer: 1 to 128 letters, digits, "-", "_" or "."');
  if (values.secret !== undefined) {
    try {
      parseSecret(values.secret);
    } catch (err) {
      throw new UsageError(`--secret: ${(err as Error).message}`);
    }
  }
  if (values.since !== undefined && Number.isNaN(Date.parse(values.since)))
    throw new UsageError(`--since must be an ISO-8601 time, got ${JSON.stringify(values.since)}`);
  const eventTypes = list(values['event-types']);
  return {
    app: values.app,
    forwardTo,
    url,
    key,
    consumer,
    secret: values.secret ?? generateSecret(),
    secretGenerated: values.secret === undefined,
    eventTypes,
    channel: values.channel,
    since: values.since === undefined ? undefined : new Date(values.since).toISOString(),
  };
}

/** Runs `herald listen` with `argv` (the words after `listen`) until `io.signal` aborts; the exit code. */
export async function listen(argv: string[], io: CommandIo): Promise<number> {
  let config: ListenConfig | 'help';
  try {
    config = readConfig(argv, io.env);
  } catch (err) {
    if (!isUsageError(err)) throw err;
    io.err(`herald listen: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (config === 'help') {
    io.out(USAGE);
    return 0;
  }
  const { signal } = io;
  const herald = new Herald({ baseUrl: config.url, apiKey: config.key });
  const onRetry = (err: unknown, delayMs: number) =>
    io.err(
      `${stamp()}  herald at ${config.url} unavailable (${describe(err)}); retrying in ${seconds(delayMs)}`,
    );

  // The cursor is read here rather than by follow() so the banner can say where listening starts, and
  // a wrong key or app fails at once.
  let cursor: string | null;
  let isNew = false;
  try {
    const found = await retryUnavailable(
      () => herald.events.consumer(config.app, config.consumer, { signal }),
      signal,
      onRetry,
    );
    if (found === null) return 0;
    cursor = found.iterator;
    isNew = cursor === null;
    if (cursor === null && !config.since) {
      // a new consumer starts at the server's present, fixed (and acked) before "Ready" is printed:
      // a message published right after that line must not fall before the starting point
      const present = await retryUnavailable(
        () => herald.events.page(config.app, { start: 'now', signal }),
        signal,
        onRetry,
      );
      if (present === null) return 0;
      await herald.events.ack(config.app, config.consumer, present.iterator, { signal });
      cursor = present.iterator;
    }
  } catch (err) {
    io.err(`herald listen: ${describe(err)}`);
    return 1;
  }

  io.out(
    [
      `herald listen: forwarding application ${config.app} from ${config.url} to ${config.forwardTo}`,
      `  consumer  ${config.consumer} (${!isNew ? 'resuming from its cursor' : `new: starting ${config.since ? `at ${config.since}` : 'now'}`})`,
      `  secret    ${config.secret}${config.secretGenerated ? '   (generated: verify the forwarded webhooks with it)' : ''}`,
      config.eventTypes ? `  types     ${config.eventTypes.join(', ')}` : null,
      config.channel ? `  channel   ${config.channel}` : null,
      'Ready. Ctrl-C to stop.',
    ]
      .filter(Boolean)
      .join('\n'),
  );

  const key = parseSecret(config.secret);
  const feed = herald.events.follow(config.app, {
    consumer: config.consumer,
    iterator: cursor ?? undefined,
    since: config.since,
    eventTypes: config.eventTypes,
    channel: config.channel,
    signal,
    onRetry,
  });
  try {
    for await (const item of feed) {
      if (!(await forward(item, config.forwardTo, key, signal, io))) break;
    }
  } catch (err) {
    io.err(`herald listen: ${describe(err)}`);
    return 1;
  }
  io.out('herald listen: stopped');
  return 0;
}

/**
 * Sends one message to the local URL until it answers 2xx, re-signing each attempt with a fresh
 * timestamp and backing off between attempts. False when stopped before it was accepted.
 */
async function forward(
  { message }: FeedItem,
  target: string,
  key: Buffer,
  signal: AbortSignal,
  io: CommandIo,
): Promise<boolean> {
  const body = webhookBody(message);
  let delay = 1000;
  for (let attempt = 1; ; attempt++) {
    if (signal.aborted) return false;
    const timestamp = Math.floor(Date.now() / 1000);
    const started = performance.now();
    let outcome: string;
    let ok = false;
    try {
      const res = await fetch(target, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': userAgent,
          'webhook-id': message.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': sign(key, message.id, timestamp, body),
        },
        body,
        redirect: 'manual', // as Herald: a redirect is not followed and counts as a failure
        signal: AbortSignal.any([signal, AbortSignal.timeout(15_000)]),
      });
      await res.arrayBuffer().catch(() => {});
      ok = res.status >= 200 && res.status < 300;
      outcome = `${res.status} ${res.statusText}`.trim();
    } catch (err) {
      if (signal.aborted) return false;
      outcome = `error: ${describe(err)}`;
    }
    const ms = Math.round(performance.now() - started);
    const line = `${stamp()}  ${message.eventType}  ${message.id}  -> ${outcome} (${ms} ms)`;
    if (ok) {
      io.out(line);
      return true;
    }
    io.out(`${line}; attempt ${attempt}, retrying in ${seconds(delay)}`);
    if (!(await sleep(delay, signal))) return false;
    delay = Math.min(delay * 2, 30_000);
  }
}

/** Calls `fn` until Herald answers, backing off while it is unreachable or 5xx; null once aborted. */
async function retryUnavailable<T>(
  fn: () => Promise<T>,
  signal: AbortSignal,
  onRetry: (err: unknown, delayMs: number) => void,
): Promise<T | null> {
  let delay = 500;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (signal.aborted) return null;
      if (err instanceof HeraldApiError && err.status < 500 && err.status !== 429) throw err;
      onRetry(err, delay);
      if (!(await sleep(delay, signal))) return null;
      delay = Math.min(delay * 2, 10_000);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const seconds = (ms: number) => `${ms / 1000} s`;
