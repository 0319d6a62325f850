import { Readable } from 'node:stream';
import type { Context } from '../context.ts';
import type { AppRow } from '../db/apps.ts';
import {
  appendExportChunk,
  countExport,
  type ExportRow,
  exportBytes,
  exportChunk,
  exportPage,
  exportRows,
} from '../db/exports.ts';
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

export function exportWindow(input: { since: string; until?: string | undefined }, now = Date.now()) {
  const since = new Date(input.since);
  const until = input.until ? new Date(input.until) : new Date(now);
  if (until.getTime() <= since.getTime()) throw invalid('until', 'must be after since');
  return { since, until };
}

export async function startExport(
  ctx: Context,
  app: AppRow,
  w: { since: Date; until: Date },
  format: ExportFormat,
) {
  return withTransaction(ctx.pool, async (db) => {
    const total = await countExport(db, app.id, w);
    const job = await insertJob(db, {
      id: newId('job'),
      appId: app.id,
      type: 'export',
      params: { since: w.since.toISOString(), until: w.until.toISOString(), format },
      total,
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
  const w = { since: new Date(p.since), until: new Date(p.until) };
  let bytes = 0;
  let rowsOut = 0;
  const result = await runInPages(ctx, job, signal, async (db, after) => {
    const ids = await exportPage(db, appId, w, after, ctx.config.HERALD_JOB_PAGE_SIZE);
    if (ids.length === 0) return { n: 0, last: null };
    const rows = await exportRows(db, ids);
    const header = after === '' && p.format === 'csv' ? `${exportColumns.join(',')}\r\n` : '';
    const data = Buffer.from(header + serialize(rows, p.format));
    await appendExportChunk(db, job.id, data);
    bytes += data.length;
    rowsOut += rows.length;
    return { n: ids.length, last: ids.at(-1)! };
  });
  if (!result) return null;
  return {
    format: p.format,
    messages: result.done,
    bytes: await exportBytes(ctx.pool, job.id),
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
        this.push(await exportChunk(db, jobId, seq++));
      } catch (err) {
        this.destroy(err as Error);
      }
    },
  });
}
