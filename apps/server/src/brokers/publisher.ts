/** What every broker module implements, and what it is handed. */

/** One attempt's message: the same body and Standard Webhooks headers as an HTTP delivery. */
export interface BrokerMessage {
  /** webhook-id: the message id, the same on every attempt */
  id: string;
  eventType: string;
  /** unix seconds of this attempt (webhook-timestamp) */
  timestamp: number;
  body: string;
  /** webhook-id, webhook-timestamp, webhook-signature, content-type and the endpoint's own headers */
  headers: Record<string, string>;
}

export interface Publisher<D> {
  /**
   * Publishes and resolves once the broker confirmed it, with a short receipt for the attempt log
   * (e.g. "partition 0 offset 41"). Rejects with the broker's error otherwise, or after `timeoutMs`.
   */
  publish(destination: D, message: BrokerMessage, timeoutMs: number): Promise<string>;
  /** Opens the connection in the background, ahead of the first publish. */
  connect(): void;
  close(): Promise<void>;
}

export class PublishTimeoutError extends Error {}

/** `p`, or a rejection after `ms` (the publish may still land: a retry then carries the same id). */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new PublishTimeoutError(`${what}: no confirmation within ${ms} ms`)),
        ms,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}

/** An error's message, with the nested causes some clients wrap it in. */
export function errorText(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) {
    const inner = [...new Set(err.errors.map(errorText))].join('; ');
    // Kafka's "Cannot connect to any broker." says why only in its errors (a refused login, a certificate)
    return err.message ? `${err.message}: ${inner}` : inner;
  }
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    const msg = err.message || err.name;
    return cause && cause !== err ? `${msg}: ${errorText(cause)}` : msg;
  }
  return String(err);
}
