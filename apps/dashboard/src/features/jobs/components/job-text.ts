import type { Job } from '@herald/contracts';
import { formatCount, formatDateTime } from '../../../lib/format.ts';

interface Kind {
  label: string;
  /** what progress counts, one and many */
  unit: [string, string];
  /** what happens to each unit */
  verb: string;
}

const kinds: Record<string, Kind> = {
  recover: { label: 'Recover', unit: ['delivery', 'deliveries'], verb: 're-sent' },
  replay: { label: 'Replay', unit: ['message', 'messages'], verb: 're-sent' },
  export: { label: 'Export', unit: ['message', 'messages'], verb: 'exported' },
};

const kindOf = (type: string): Kind => kinds[type] ?? { label: type, unit: ['item', 'items'], verb: 'done' };

/** "Recover", "Replay", "Export" (other types as they are named). */
export const jobLabel = (type: string) => kindOf(type).label;

export const plural = (n: number, [one, many]: [string, string]) =>
  `${formatCount(n)} ${n === 1 ? one : many}`;

/** "3 of 10 messages re-sent". */
export function progressText(j: Pick<Job, 'type' | 'progress'>): string {
  const k = kindOf(j.type);
  const { done, total } = j.progress;
  return `${formatCount(done)} of ${plural(total, k.unit)} ${k.verb}`;
}

export function formatBytes(n: number): string {
  // a no-break space keeps the number and its unit on one line
  if (n < 1024) return `${n}\u00a0B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)}\u00a0kB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)}\u00a0MB`;
  return `${(n / 1024 ** 3).toFixed(2)}\u00a0GB`;
}

const num = (r: unknown, k: string): number | null => {
  const v = (r as Record<string, unknown> | null)?.[k];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
};

/** What a finished job did, in words; null while it runs. Unknown result shapes fall back to progress. */
export function resultText(j: Job): string | null {
  const k = kindOf(j.type);
  if (j.status === 'failed') return j.error ? `Failed: ${j.error}` : 'Failed';
  if (j.status === 'cancelled')
    return `Cancelled after ${formatCount(j.progress.done)} of ${plural(j.progress.total, k.unit)}`;
  if (j.status !== 'completed') return null;
  const r = j.result;
  if (j.type === 'export') {
    const format = (r as { format?: unknown } | null)?.format;
    const bytes = num(r, 'bytes');
    const parts = [
      typeof format === 'string' ? format.toUpperCase() : null,
      plural(num(r, 'messages') ?? j.progress.done, k.unit),
      bytes === null ? null : formatBytes(bytes),
    ];
    return parts.filter(Boolean).join(' · ');
  }
  const n = num(r, j.type === 'recover' ? 'resent' : 'replayed') ?? j.progress.done;
  return `${plural(n, k.unit)} ${k.verb}`;
}

/** What a job works on, from the parameters it was started with: its target, and its time window. */
export function targetText(j: Pick<Job, 'type' | 'params'>): {
  target: string | null;
  window: string | null;
} {
  const p = j.params as Record<string, unknown>;
  const str = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : null);
  const parts: string[] = [];
  const types = Array.isArray(p.eventTypes) ? (p.eventTypes as string[]) : [];
  if (types.length > 0) parts.push(types.join(', '));
  if (p.failedOnly === true) parts.push('failed deliveries');
  const endpoint = str('endpointId');
  if (endpoint) parts.push(`endpoint ${endpoint}`);
  else if (j.type === 'replay') parts.push('every subscribed endpoint');
  const format = str('format');
  if (format) parts.push(format.toUpperCase());
  const since = str('since');
  const until = str('until');
  const window = since ? `${formatDateTime(since)} – ${until ? formatDateTime(until) : 'now'}` : null;
  return { target: parts.length > 0 ? parts.join(' · ') : null, window };
}
