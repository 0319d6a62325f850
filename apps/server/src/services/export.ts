import { Readable } from 'node:stream';
import type { Context } from '../context.ts';
import type { AppRow } from '../db/apps.ts';
import { insertJob, type JobRow } from '../db/jobs.ts';
import { bossDb, type Queryable, withTransaction } from '../db/pool.ts';
import { invalid } from '../errors.ts';
import { newId } from '../ids.ts';
import { QUEUES } from '../queue/boss.ts';
import { runInPages } from './paged-job.ts';

export type ExportFormat = 'ndjson' | 'csv';

export const exportColumns = [
  'messageId',
  'eventType',
  'eventId',
  'channels',
  'messageTimestamp',
  'payload',
  'endpointId',
  'endpointUrl',
  'deliveryStatus',
  'attemptId',
  'attempt',
  'trigger',
  'attemptStatus',
  'responseStatusCode',
  'durationMs',
  'error',
  'attemptTimestamp',
] as const;

interface ExportRow {
  message_id: string;
  event_type: string;
  event_id: string | null;
  channels: string[];
  message_created_at: Date;
  payload: string;
  endpoint_id: string | null;
  url: string | null;
  delivery_status: string | null;
  attempt_id: string | null;
  attempt: number | null;
  trigger: string | null;
  attempt_status: string | null;
  response_status_code: number | null;
  duration_ms: number | null;
  error: string | null;
  attempt_created_at: Date | null;
}

export function exportWindow(input: { since: string; until?: string | undefined }, now = Date.now()) {
  const since = new Date(input.since);
  const until = input.until ? new Date(input.until) : new Date(now);
  if (until.getTime() <= since.getTime()) throw invalid('until', 'must be after since');
  return { since, until };
}

const MATCHING = 'FROM messages WHERE app_id = $1 AND created_at >= $2 AND created_at < $3';

export async function startExport(
  ctx: Context,
  app: AppRow,
  w: { since: Date; until: Date },
  format: ExportFormat,
) {
  return withTransaction(ctx.pool, async (db) => {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n ${MATCHING}`, [
      app.id,
      w.since,
      w.until,
    ]);
    const job = await insertJob(db, {
      id: newId('job'),
      appId: app.id,
      type: 'export',
      params: { since: w.since.toISOString(), until: w.until.toISOString(), format },
      total: rows[0]!.n,
    });
    await ctx.boss.send(QUEUES.platform, { jobId: job.id }, { db: bossDb(db) });
    return job;
  });
}

function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function toRecord(r: ExportRow) {
  return {
    messageId: r.message_id,
    eventType: r.event_type,
    eventId: r.event_id,
    channels: r.channels,
    messageTimestamp: r.message_created_at.toISOString(),
    endpointId: r.endpoint_id,
    endpointUrl: r.url,
    deliveryStatus: r.delivery_status,
    attemptId: r.attempt_id,
    attempt: r.attempt,
    trigger: r.trigger,
    attemptStatus: r.attempt_status,
    responseStatusCode: r.response_status_code,
    durationMs: r.duration_ms,
    error: r.error,
    attemptTimestamp: r.attempt_created_at?.toISOString() ?? null,
  };
}

function serialize(rows: ExportRow[], format: ExportFormat): string {
  if (format === 'ndjson') {
    // the payload is spliced in as stored, so it is exported byte for byte
    return rows
      .map((r) => {
        const json = JSON.stringify(toRecord(r));
        return `${json.slice(0, -1)},"payload":${r.payload}}\n`;
      })
      .join('');
  }
  return rows
    .map((r) => {
      const rec: Record<string, unknown> = {
        ...toRecord(r),
        payload: r.payload,
        channels: r.channels.join(' '),
      };
      return `${exportColumns.map((c) => csvField(rec[c])).join(',')}\r\n`;
    })
    .join('');
}

/**
 * Writes the delivery log of the window (one row per attempt; a delivery with no attempt yet, or a
 * message with no delivery, gets one row with empty attempt fields) into export_chunks, a page of
 * messages per transaction with the job's progress: memory stays flat however large the export.
 */
export async function runExport(ctx: Context, job: JobRow, signal: AbortSignal) {
  const p = job.params as { since: string; until: string; format: ExportFormat };
  const appId = job.app_id!;
  let bytes = 0;
  let rowsOut = 0;
  const result = await runInPages(ctx, job, signal, async (db, after) => {
    const { rows: ids } = await db.query<{ id: string }>(
      `SELECT id ${MATCHING} AND id > $4 ORDER BY id LIMIT $5`,
      [appId, new Date(p.since), new Date(p.until), after, ctx.config.HERALD_JOB_PAGE_SIZE],
    );
    if (ids.length === 0) return { n: 0, last: null };
    const { rows } = await db.query<ExportRow>(
      `SELECT m.id AS message_id, m.event_type, m.event_id, m.channels, m.created_at AS message_created_at,
              m.payload::text AS payload, d.endpoint_id, e.url, d.status AS delivery_status,
              a.id AS attempt_id, a.attempt, a.trigger, a.status AS attempt_status, a.response_status_code,
              a.duration_ms, a.error, a.created_at AS attempt_created_at
       FROM messages m
       LEFT JOIN deliveries d ON d.message_id = m.id
       LEFT JOIN endpoints e ON e.id = d.endpoint_id
       LEFT JOIN attempts a ON a.message_id = d.message_id AND a.endpoint_id = d.endpoint_id
       WHERE m.id = ANY ($1::text[])
       ORDER BY m.id, d.endpoint_id, a.id`,
      [ids.map((r) => r.id)],
    );
    const header = after === '' && p.format === 'csv' ? `${exportColumns.join(',')}\r\n` : '';
    const data = Buffer.from(header + serialize(rows, p.format));
    await db.query(
      `INSERT INTO export_chunks (job_id, seq, data)
       SELECT $1, coalesce(max(seq) + 1, 0), $2 FROM export_chunks WHERE job_id = $1`,
      [job.id, data],
    );
    bytes += data.length;
    rowsOut += rows.length;
    return { n: ids.length, last: ids.at(-1)!.id };
  });
  if (!result) return null;
  const { rows: total } = await ctx.pool.query<{ bytes: string }>(
    'SELECT coalesce(sum(length(data)), 0)::text AS bytes FROM export_chunks WHERE job_id = $1',
    [job.id],
  );
  return {
    format: p.format,
    messages: result.done,
    bytes: Number(total[0]!.bytes),
    rowsThisRun: rowsOut,
    bytesThisRun: bytes,
  };
}

/** Streams an export's chunks one at a time: the server never holds the whole file. */
export function exportStream(db: Queryable, jobId: string): Readable {
  let seq = 0;
  return new Readable({
    async read() {
      try {
        const { rows } = await db.query<{ data: Buffer }>(
          'SELECT data FROM export_chunks WHERE job_id = $1 AND seq = $2',
          [jobId, seq++],
        );
        this.push(rows[0] ? rows[0].data : null);
      } catch (err) {
        this.destroy(err as Error);
      }
    },
  });
}
