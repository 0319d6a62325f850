import { HeraldApiError, type Http, isoTime, path, type RequestOptions } from './http.ts';
import type { FeedConsumer, FeedPage, Message, Time } from './types.ts';

export interface FeedFilter {
  /** Only these event types. */
  eventTypes?: string[];
  /** Only messages published to this channel. */
  channel?: string;
}

export interface FeedPageOptions extends FeedFilter, RequestOptions {
  /** Continue after this position (an `iterator` the feed returned). */
  iterator?: string;
  /** Page size, 1–250 (default 50). */
  limit?: number;
  /** Long-poll: hold the request up to this many seconds (≤ 30) until something arrives. */
  wait?: number;
  /** Without an iterator: start at this point in time instead of the beginning. */
  since?: Time;
  /** Without an iterator: `'now'` answers an empty page whose iterator is the server's present. */
  start?: 'now';
}

export interface FollowOptions extends FeedFilter {
  /** Start after this position. Wins over the consumer's cursor. */
  iterator?: string;
  /**
   * A consumer name: start from its server-kept cursor, and ack the cursor after each page has been
   * handled, so a later follow with the same name resumes exactly after the last handled message.
   */
  consumer?: string;
  /** With no iterator and no consumer cursor yet: start at this time (default: the feed's beginning). */
  since?: Time;
  /**
   * With no iterator and no consumer cursor yet, `'now'`: only messages published from now on, by the
   * server's clock (a machine's own clock may be off). Wins over `since`.
   */
  start?: 'now';
  /** Page size (default 50). */
  limit?: number;
  /** Long-poll seconds per request, ≤ 30 (default 30). */
  waitSeconds?: number;
  /** Stops following: the iterator ends (acking what was handled) instead of throwing. */
  signal?: AbortSignal;
  /** First and longest pause between retries after a failed request (default 500 ms, 10 s). */
  retryDelayMs?: { min?: number; max?: number };
  /**
   * Called before each pause when Herald is unreachable or answers 5xx/429. Those are retried for
   * ever with backoff (a restarting server is waited for); other errors end the iterator by throwing.
   */
  onRetry?: (error: unknown, delayMs: number) => void;
}

/** One message from {@link Events.follow}. */
export interface FeedItem {
  message: Message;
  /** Where the feed continues after this message's page (what a consumer acks). */
  iterator: string;
  /** Whether this is the last message of its page: keep `iterator` as your cursor only once it is. */
  pageEnd: boolean;
}

const STOPPED = Symbol('stopped');

/** The polling feed: messages in publish order, for consumers that cannot take webhooks. */
export class Events {
  readonly #http: Http;

  constructor(http: Http) {
    this.#http = http;
  }

  /** One page of the feed, oldest first. */
  page(app: string, opts: FeedPageOptions = {}): Promise<FeedPage> {
    return this.#http.request('GET', path`/v1/apps/${app}/events`, {
      query: {
        iterator: opts.iterator,
        limit: opts.limit,
        eventTypes: opts.eventTypes,
        channel: opts.channel,
        wait: opts.wait,
        since: opts.iterator ? undefined : isoTime(opts.since),
        start: opts.iterator ? undefined : opts.start,
      },
      signal: opts.signal,
    });
  }

  /** A consumer's server-kept cursor (`iterator: null` before its first ack). */
  consumer(app: string, consumer: string, opts: RequestOptions = {}): Promise<FeedConsumer> {
    return this.#http.request('GET', path`/v1/apps/${app}/events/consumers/${consumer}`, opts);
  }

  /** Moves a consumer's cursor to `iterator`: a later follow resumes from there. */
  async ack(app: string, consumer: string, iterator: string, opts: RequestOptions = {}): Promise<void> {
    await this.#http.request('POST', path`/v1/apps/${app}/events/consumers/${consumer}/ack`, {
      body: { iterator },
      signal: opts.signal,
    });
  }

  /**
   * Every message of the feed, for ever: long-polls, yields each message in publish order, and rides
   * out server restarts. With `consumer`, it starts from the server-kept cursor and acks it after each
   * page; stopped in the middle of a page (abort, `break`, a throw in the loop body) it acks exactly the
   * messages the loop finished with, so the next follow neither skips nor repeats one. A message the
   * loop body was still handling when it broke out or threw counts as not handled.
   *
   * ```ts
   * for await (const { message } of herald.events.follow('app_1', { consumer: 'billing', signal })) {
   *   await handle(message);
   * }
   * ```
   */
  async *follow(app: string, opts: FollowOptions = {}): AsyncGenerator<FeedItem, void, undefined> {
    const { consumer, signal } = opts;
    const filter: FeedFilter = { eventTypes: opts.eventTypes, channel: opts.channel };
    const minDelay = opts.retryDelayMs?.min ?? 500;
    const maxDelay = opts.retryDelayMs?.max ?? 10_000;

    /**
     * Runs `fn` until it succeeds, pausing with backoff on retryable errors; STOPPED once aborted. Always
     * tries once, so an ack still goes out after an abort (requests given `signal` fail at once then).
     */
    const retrying = async <T>(fn: () => Promise<T>): Promise<T | typeof STOPPED> => {
      let delay = minDelay;
      for (;;) {
        try {
          return await fn();
        } catch (err) {
          if (signal?.aborted) return STOPPED;
          if (!retryable(err)) throw err;
          opts.onRetry?.(err, delay);
          if (!(await sleep(delay, signal))) return STOPPED;
          delay = Math.min(delay * 2, maxDelay);
        }
      }
    };

    let iterator = opts.iterator;
    if (iterator === undefined && consumer) {
      const cursor = await retrying(() => this.consumer(app, consumer, { signal }));
      if (cursor === STOPPED) return;
      iterator = cursor.iterator ?? undefined;
    }

    if (iterator === undefined && opts.start === 'now') {
      const present = await retrying(() => this.page(app, { ...filter, start: 'now', signal }));
      if (present === STOPPED) return;
      iterator = present.iterator;
    }

    // The first read does not wait: a new consumer's position is acked at once, so a follow stopped
    // before anything arrived still resumes from where it started.
    let wait = 0;
    while (!signal?.aborted) {
      const from = iterator;
      const page = await retrying(() =>
        this.page(app, { ...filter, iterator: from, since: opts.since, limit: opts.limit, wait, signal }),
      );
      if (page === STOPPED) return;
      wait = opts.waitSeconds ?? 30;

      let handled = 0;
      try {
        for (const message of page.data) {
          yield { message, iterator: page.iterator, pageEnd: handled === page.data.length - 1 };
          // resumed: the loop body has finished with this message
          handled++;
          if (signal?.aborted) break;
        }
      } finally {
        if (consumer && handled > 0 && handled < page.data.length) {
          // Stopped within the page. The feed is deterministic below its horizon, so re-reading the
          // same position with limit=handled yields exactly the handled prefix and the iterator after it.
          try {
            const prefix = await this.page(app, {
              ...filter,
              iterator: from,
              since: opts.since,
              limit: handled,
            });
            if (prefix.data.at(-1)?.id === page.data[handled - 1]!.id)
              await this.ack(app, consumer, prefix.iterator);
          } catch {
            // unacked: the next follow sees these messages again (at-least-once), never skips them
          }
        }
      }
      if (handled < page.data.length) return;

      if (consumer && page.iterator !== from) {
        // no signal: the page was handled in full, so it is acked even when the follow was just stopped
        const acked = await retrying(() => this.ack(app, consumer, page.iterator));
        if (acked === STOPPED) return;
      }
      iterator = page.iterator;
    }
  }
}

/** Worth retrying: the server is unreachable, restarting, overloaded or failed for now. */
function retryable(err: unknown): boolean {
  if (err instanceof HeraldApiError) return err.status >= 500 || err.status === 429 || err.status === 408;
  return true; // fetch failed: connection refused or reset, DNS, a dropped long poll
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
