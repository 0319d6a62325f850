/**
 * `herald tail`: prints an application's messages as they are published (the events feed, long-polled),
 * one line each, or one JSON document per line with --json. Keeps no cursor: a tail is for watching.
 */
import { parseArgs } from 'node:util';
import { Herald } from '@herald/sdk';
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
} from './shared.ts';

const USAGE = `usage: herald tail --app <app> [options]

  --app <app>             application id or uid whose messages to print
  --since <ISO time>      start at this time (default: now, by the server's clock)
  --event-types <a,b>     only these event types
  --channel <channel>     only messages of this channel
  --json                  one message per line as JSON (id, eventType, payload, ...)
${CONNECTION_USAGE}`;

/** Runs `herald tail` with `argv` (the words after `tail`) until `io.signal` aborts; the exit code. */
export async function tail(argv: string[], io: CommandIo): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  let target: { url: string; key: string };
  try {
    values = parse(argv).values;
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    if (!values.app) throw new UsageError('--app is required');
    if (values.since !== undefined && Number.isNaN(Date.parse(values.since)))
      throw new UsageError(`--since must be an ISO-8601 time, got ${JSON.stringify(values.since)}`);
    target = connection(values, io.env);
  } catch (err) {
    if (!isUsageError(err)) throw err;
    io.err(`herald tail: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  const herald = new Herald({ baseUrl: target.url, apiKey: target.key });
  const app = values.app;
  try {
    // read once first: a wrong key or app fails at once instead of being retried for ever
    await herald.apps.get(app, { signal: io.signal });
    io.err(
      `herald tail: messages of ${app} from ${target.url}${values.since ? ` since ${values.since}` : ''}`,
    );
    const feed = herald.events.follow(app, {
      start: values.since ? undefined : 'now',
      since: values.since,
      eventTypes: list(values['event-types']),
      channel: values.channel,
      signal: io.signal,
      onRetry: (err, ms) =>
        io.err(`${stamp()}  herald unavailable (${describe(err)}); retrying in ${ms / 1000} s`),
    });
    for await (const { message } of feed) {
      io.out(
        values.json
          ? JSON.stringify(message)
          : `${message.timestamp}  ${message.eventType}  ${message.id}  ${JSON.stringify(message.payload)}`,
      );
    }
    return 0;
  } catch (err) {
    if (io.signal.aborted) return 0;
    io.err(`herald tail: ${describe(err)}`);
    return 1;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      app: { type: 'string' },
      since: { type: 'string' },
      'event-types': { type: 'string' },
      channel: { type: 'string' },
      json: { type: 'boolean' },
      ...connectionOptions,
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
}
