import { type MessageIn, messageIn } from '@herald/contracts';
import type { Context } from '../context.ts';
import { findApp } from '../db/apps.ts';
import { withTransaction } from '../db/pool.ts';
import { insertSourceRequest, type SourceRow } from '../db/sources.ts';
import { HeraldError } from '../errors.ts';
import { loneSurrogate } from '../input-text.ts';
import { publishedMessages } from '../metrics.ts';
import { atPath } from './ingest.ts';
import { type Published, publishWithin, validatePayloads } from './publish-message.ts';

/** A message as a broker consumer hands it over, whatever the broker. */
export interface ConsumedMessage {
  /** the broker's id of the message (the message's eventId), when the broker has one */
  id: string | undefined;
  /** message headers (and properties), lower-case names */
  headers: Record<string, string>;
  body: Buffer;
}

export type ConsumeOutcome =
  | { ok: true; published: Published }
  /** poison: it can never be published; it goes to the dead-letter target */
  | { ok: false; error: string };

/** Why a message can never become a Herald message, or its input. */
function inputOf(source: SourceRow, m: ConsumedMessage, maxBytes: number): MessageIn | string {
  if (m.body.length > maxBytes) return `too large: ${m.body.length} bytes (at most ${maxBytes})`;
  let payload: unknown;
  try {
    payload = JSON.parse(m.body.toString('utf8'));
  } catch (err) {
    return `not JSON: ${(err as Error).message}`;
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
    return 'the body must be a JSON object';
  const lone = loneSurrogate(payload, 'payload');
  if (lone) return `${lone.path}: ${lone.message}`;
  const rule = source.event_type;
  let eventType: unknown;
  if ('fixed' in rule) eventType = rule.fixed;
  else if ('header' in rule) eventType = m.headers[rule.header.toLowerCase()]?.trim();
  else eventType = atPath(payload, rule.bodyPath);
  if (typeof eventType !== 'string' || eventType === '')
    return 'header' in rule
      ? `no event type: the ${rule.header} header is missing`
      : `no event type: the body has no string at ${'bodyPath' in rule ? rule.bodyPath : ''}`;
  const parsed = messageIn.safeParse({ eventType, payload, eventId: m.id });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return `${issue.path.map(String).join('.') || 'body'}: ${issue.message}`;
  }
  return parsed.data;
}

/** Client errors (bad input) are the message's fault; anything else (the database away) is ours, and passes. */
const isPoison = (err: unknown): err is HeraldError => err instanceof HeraldError && err.status < 500;

/**
 * Publishes a batch of consumed messages through the outbox, in one transaction. Resolves once it has
 * committed, so the consumer may then acknowledge: each outcome says published, or poison (never
 * publishable: not JSON, no event type, too large, payload refused by its schema). Rejects when nothing
 * could be decided (the database is away); the consumer then acknowledges nothing and tries again.
 * The broker's id as eventId makes a redelivered message publish once.
 */
export async function publishConsumed(
  ctx: Context,
  source: SourceRow,
  batch: ConsumedMessage[],
): Promise<ConsumeOutcome[]> {
  const outcomes: Array<ConsumeOutcome | null> = [];
  const inputs: Array<{ i: number; input: MessageIn }> = [];
  for (const [i, m] of batch.entries()) {
    const input = inputOf(source, m, ctx.config.HERALD_MAX_BODY_BYTES);
    if (typeof input === 'string') {
      outcomes.push({ ok: false, error: input });
      continue;
    }
    try {
      await validatePayloads(ctx, [input], () => 'payload');
      outcomes.push(null);
      inputs.push({ i, input });
    } catch (err) {
      if (!isPoison(err)) throw err;
      outcomes.push({ ok: false, error: err.message });
    }
  }
  if (inputs.length > 0) {
    const app = await findApp(ctx.pool, source.app_id, null);
    if (!app) throw new HeraldError('not_found', 'the application of this source is gone');
    const publish = (items: typeof inputs) =>
      withTransaction(ctx.pool, (tx) =>
        publishWithin(
          ctx,
          tx,
          app,
          items.map((x) => x.input),
        ),
      );
    try {
      const published = await publish(inputs);
      for (const [k, p] of published.entries()) outcomes[inputs[k]!.i] = { ok: true, published: p };
    } catch (err) {
      if (!isPoison(err) || inputs.length === 1) {
        if (isPoison(err)) outcomes[inputs[0]!.i] = { ok: false, error: err.message };
        else throw err;
      } else {
        // one bad message refused the batch: one at a time, so only it is dead-lettered
        for (const item of inputs) {
          try {
            const [p] = await publish([item]);
            outcomes[item.i] = { ok: true, published: p! };
          } catch (e) {
            if (!isPoison(e)) throw e;
            outcomes[item.i] = { ok: false, error: e.message };
          }
        }
      }
    }
  }
  const done = outcomes as ConsumeOutcome[];
  publishedMessages.inc(done.filter((o) => o.ok && o.published.created).length);
  return done;
}

/** Keeps dead-lettered messages in the source's request log, for inspection beside its HTTP requests. */
export async function logDeadLetters(
  ctx: Context,
  source: SourceRow,
  items: Array<{ message: ConsumedMessage; error: string }>,
): Promise<void> {
  const target = source.broker?.deadLetter ?? '';
  for (const { message, error } of items) {
    await insertSourceRequest(ctx.pool, {
      sourceId: source.id,
      headers: message.headers,
      body: message.body,
      status: 'rejected',
      error: `${error} (sent to dead-letter ${target})`,
      messageId: null,
    }).catch((err) => ctx.log.warn({ err, sourceId: source.id }, 'could not keep a dead-lettered message'));
  }
}
