import { tlsHint } from '../brokers/kafka-security.ts';
import { errorText } from '../brokers/publisher.ts';
import { redact, saslSecrets, urlSecrets } from '../brokers/urls.ts';
import type { Context } from '../context.ts';
import type { ConsumerReport } from '../db/source-consumers.ts';
import type { SourceRow } from '../db/sources.ts';
import {
  type ConsumedMessage,
  type ConsumeOutcome,
  logDeadLetters,
  publishConsumed,
} from '../services/consume.ts';
import type { FirstAttemptWaiter } from './replies.ts';

/** What every broker consumer gets from the supervisor. */
export interface ConsumerDeps {
  ctx: Context;
  source: SourceRow;
  /** the worker's wait for first attempts (AMQP request/reply) */
  waiter: FirstAttemptWaiter;
  /** most messages handed to one publish transaction */
  batchSize: number;
}

/** A running consumer of one broker source: reports its state, stops on request. */
export interface SourceConsumer {
  /** the state since the last report (counters are deltas) */
  report(): ConsumerReport;
  /** Stops consuming; resolves once the batch in flight is settled and the connection closed. */
  stop(): Promise<void>;
}

export type StartConsumer = (deps: ConsumerDeps) => SourceConsumer;

/**
 * Broker errors may quote the URL they failed on; a URL's credentials (and a Kafka SASL password) never
 * reach a log line or the API, so every string from a broker client passes through here.
 */
export function scrubSecrets(
  text: string,
  source: Pick<SourceRow, 'broker_url' | 'broker' | 'type'>,
): string {
  const secrets = [
    ...(source.broker_url ? urlSecrets(source.broker_url, source.type) : []),
    ...saslSecrets(source.broker?.sasl),
  ];
  return secrets.length > 0 ? redact(text, secrets) : text;
}

/** The consumer's state as the supervisor reports it: connection, lag, last error, counters. */
export class ConsumerState {
  private state: ConsumerReport['state'] = 'connecting';
  private lag: number | null = null;
  private consumed = 0;
  private deadLettered = 0;
  private lastError: string | null = null;
  private lastErrorAt: Date | null = null;
  private readonly source: SourceRow;
  private readonly log: Context['log'];

  constructor(deps: ConsumerDeps) {
    this.source = deps.source;
    this.log = deps.ctx.log.child({ sourceId: deps.source.id, sourceType: deps.source.type });
  }

  connecting() {
    this.state = 'connecting';
  }
  connected() {
    if (this.state !== 'connected') this.log.info('source consumer connected');
    this.state = 'connected';
  }
  /** A broker or database error: kept (credentials scrubbed) and logged once per distinct message. */
  failed(err: unknown, disconnected = true) {
    // a Kafka error says what went wrong in its causes (a refused login, an untrusted certificate)
    const text =
      this.source.type === 'kafka'
        ? errorText(err) + tlsHint(err)
        : err instanceof Error
          ? err.message
          : String(err);
    const message = scrubSecrets(text, this.source);
    if (disconnected) this.state = 'disconnected';
    if (message !== this.lastError) this.log.warn({ error: message }, 'source consumer error');
    this.lastError = message;
    this.lastErrorAt = new Date();
  }
  setLag(lag: number | null) {
    this.lag = lag;
  }
  counted(consumed: number, deadLettered: number) {
    this.consumed += consumed;
    this.deadLettered += deadLettered;
  }
  report(): ConsumerReport {
    const r: ConsumerReport = {
      sourceId: this.source.id,
      state: this.state,
      lag: this.lag,
      consumed: this.consumed,
      deadLettered: this.deadLettered,
      lastError: this.lastError,
      lastErrorAt: this.lastErrorAt,
    };
    this.consumed = 0;
    this.deadLettered = 0;
    return r;
  }
}

/** What a broker module does with a settled batch: dead-letter the poison, acknowledge everything. */
export interface Settle<R> {
  /** Publishes poison messages to the dead-letter target; resolves once the broker confirmed. */
  deadLetter(items: Array<{ raw: R; message: ConsumedMessage; error: string }>): Promise<void>;
  /** Acknowledges (commits) the whole batch. */
  ack(raws: R[]): Promise<void>;
}

/**
 * One batch through the pipeline: publish (one transaction), dead-letter the poison messages, then
 * acknowledge all of them: nothing is acknowledged before its publish committed or its dead letter was
 * confirmed. Rejects (acknowledging nothing) when the database or the broker failed: the caller
 * redelivers, and the broker's message ids make the repeat publish nothing twice.
 */
export async function settleBatch<R>(
  deps: ConsumerDeps,
  state: ConsumerState,
  items: Array<{ raw: R; message: ConsumedMessage }>,
  settle: Settle<R>,
): Promise<ConsumeOutcome[]> {
  const outcomes = await publishConsumed(
    deps.ctx,
    deps.source,
    items.map((x) => x.message),
  );
  const poison = items.flatMap((item, i) => {
    const o = outcomes[i]!;
    return o.ok ? [] : [{ ...item, error: o.error }];
  });
  if (poison.length > 0) await settle.deadLetter(poison);
  await settle.ack(items.map((x) => x.raw));
  state.counted(items.length - poison.length, poison.length);
  if (poison.length > 0) await logDeadLetters(deps.ctx, deps.source, poison);
  return outcomes;
}

/** Reconnect delays: 0.25 s doubling to 5 s; reset after a connection that worked. */
export class Backoff {
  private next = 250;
  reset() {
    this.next = 250;
  }
  delay(): number {
    const d = this.next;
    this.next = Math.min(5000, this.next * 2);
    return d;
  }
}

/** A sleep that `stop` cuts short. */
export class Stopper {
  stopped = false;
  private wakers = new Set<() => void>();
  sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wakers.delete(done);
        resolve();
      }
      this.wakers.add(done);
    });
  }
  /** Resolves when stop() is called. */
  get whenStopped(): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopped) return resolve();
      this.wakers.add(resolve);
    });
  }
  stop() {
    this.stopped = true;
    for (const w of this.wakers) w();
    this.wakers.clear();
  }
}

/** Rejects after `ms`: broker calls that can hang on a dead connection get a bound. */
export async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Gathers pushed messages (AMQP deliveries) into batches: one batch in flight at a time; whatever
 * arrives meanwhile forms the next one, up to `size`. `idle()` resolves when nothing is in flight.
 */
export class MicroBatcher<T> {
  private queue: T[] = [];
  private flushing: Promise<void> | null = null;
  private scheduled = false;
  private readonly size: number;
  private readonly handle: (batch: T[]) => Promise<void>;

  constructor(size: number, handle: (batch: T[]) => Promise<void>) {
    this.size = size;
    this.handle = handle;
  }

  push(item: T) {
    this.queue.push(item);
    if (this.flushing || this.scheduled) return;
    this.scheduled = true;
    // one turn of the event loop: deliveries that arrived together go together
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  /** messages waiting for a batch */
  get pending(): number {
    return this.queue.length;
  }

  /** Drops what has not been handed over yet (its connection is gone: the broker redelivers it). */
  clear() {
    this.queue = [];
  }

  async idle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private pump() {
    if (this.flushing || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.size);
    this.flushing = this.handle(batch).finally(() => {
      this.flushing = null;
      this.pump();
    });
  }
}
