import { PROCESS_ROOT_KEY } from './process.ts';

/** One publish as the client saw it. */
export interface Answer {
  /** when the request was sent and when its answer (or error) came, Date.now() */
  sentAt: number;
  at: number;
  /** HTTP status, or null when the request itself failed (no answer) */
  status: number | null;
  contentType: string | null;
  retryAfter: string | null;
  /** the message id of a 2xx */
  id: string | null;
  /** the client's error when there was no answer */
  error: string | null;
}

/**
 * `concurrency` loops publishing to `appId` through `baseUrl` one message at a time each, recording every
 * answer, until stop(). After an answer that is not 2xx a loop pauses `pauseMs` (a client honouring
 * Retry-After would wait longer; a short pause keeps the outage from being a busy loop without hiding
 * how soon the server recovers).
 */
export function startPublishers(baseUrl: string, appId: string, concurrency: number, pauseMs = 50) {
  const answers: Answer[] = [];
  let stopping = false;
  let n = 0;
  const loop = async () => {
    while (!stopping) {
      const sentAt = Date.now();
      try {
        const res = await fetch(`${baseUrl}/v1/apps/${appId}/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${PROCESS_ROOT_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({ eventType: 'fault.test', payload: { n: n++ } }),
          signal: AbortSignal.timeout(15_000),
        });
        const text = await res.text();
        let id: string | null = null;
        if (res.ok) id = (JSON.parse(text) as { id: string }).id;
        answers.push({
          sentAt,
          at: Date.now(),
          status: res.status,
          contentType: res.headers.get('content-type'),
          retryAfter: res.headers.get('retry-after'),
          id,
          error: res.ok ? null : text.slice(0, 300),
        });
        if (!res.ok) await new Promise((r) => setTimeout(r, pauseMs));
      } catch (err) {
        answers.push({
          sentAt,
          at: Date.now(),
          status: null,
          contentType: null,
          retryAfter: null,
          id: null,
          error: String((err as Error).cause ?? err),
        });
        await new Promise((r) => setTimeout(r, pauseMs));
      }
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  return {
    answers,
    /** Stops the loops after their requests in flight; resolves with every answer. */
    async stop(): Promise<Answer[]> {
      stopping = true;
      await Promise.all(loops);
      return answers;
    },
  };
}

/** Counts of answers by status ("error" for none), e.g. { "202": 812, "503": 40 }. */
export function byStatus(answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of answers) {
    const k = a.status === null ? 'error' : String(a.status);
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}
