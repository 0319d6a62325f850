/**
 * `herald publish`: publishes one message from a shell, its payload given inline, from a file or on
 * standard input, and prints the accepted message as JSON (with first-attempt results under --wait).
 */
import { readFile } from 'node:fs/promises';
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
  UsageError,
} from './shared.ts';

const USAGE = `usage: herald publish --app <app> --type <event type> [--data <json> | --data @file | < file] [options]

  --app <app>             application id or uid
  --type <event type>     the message's eventType, e.g. invoice.paid
  --data <json|@file>     the payload (a JSON object); "@path" reads a file; absent: standard input
  --event-id <id>         your id for the event: a repeat within 24 h returns the first message
  --idempotency-key <k>   the same, as an Idempotency-Key header
  --channels <a,b>        channels of the message
  --wait <seconds>        wait (at most 30 s) for every endpoint's first attempt and print the results
${CONNECTION_USAGE}`;

/** Runs `herald publish` with `argv` (the words after `publish`); the exit code. */
export async function publish(argv: string[], io: CommandIo): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  let target: { url: string; key: string };
  let payload: Record<string, unknown>;
  let wait: number | undefined;
  try {
    values = parse(argv).values;
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    if (!values.app) throw new UsageError('--app is required');
    if (!values.type) throw new UsageError('--type is required');
    target = connection(values, io.env);
    if (values.wait !== undefined) {
      wait = Number(values.wait);
      if (!Number.isInteger(wait) || wait < 0 || wait > 30)
        throw new UsageError('--wait must be a whole number of seconds from 0 to 30');
    }
    payload = await readPayload(values.data, io);
  } catch (err) {
    if (!isUsageError(err)) throw err;
    io.err(`herald publish: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  const herald = new Herald({ baseUrl: target.url, apiKey: target.key });
  try {
    const message = await herald.messages.publish(
      values.app,
      {
        eventType: values.type,
        payload,
        eventId: values['event-id'],
        channels: list(values.channels),
      },
      { idempotencyKey: values['idempotency-key'], wait, signal: io.signal },
    );
    io.out(JSON.stringify(message, null, 2));
    return 0;
  } catch (err) {
    io.err(`herald publish: ${describe(err)}`);
    return 1;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      app: { type: 'string' },
      type: { type: 'string' },
      data: { type: 'string' },
      'event-id': { type: 'string' },
      'idempotency-key': { type: 'string' },
      channels: { type: 'string' },
      wait: { type: 'string' },
      ...connectionOptions,
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
}

async function readPayload(data: string | undefined, io: CommandIo): Promise<Record<string, unknown>> {
  let text: string;
  let from: string;
  if (data === undefined) {
    if (!io.stdin) throw new UsageError('--data is required');
    text = await io.stdin();
    from = 'standard input';
  } else if (data.startsWith('@')) {
    from = data.slice(1);
    try {
      text = await readFile(from, 'utf8');
    } catch (err) {
      throw new UsageError(`--data: cannot read ${from}: ${(err as Error).message}`);
    }
  } else {
    text = data;
    from = '--data';
  }
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`the payload from ${from} is not JSON: ${(err as Error).message}`);
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    throw new UsageError(`the payload from ${from} must be a JSON object`);
  return payload as Record<string, unknown>;
}
