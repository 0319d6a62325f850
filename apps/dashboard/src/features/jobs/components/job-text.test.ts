import type { Job } from '@herald/contracts';
import { describe, expect, it } from 'vitest';
import { percentOf } from '../../../lib/ui/ProgressBar.tsx';
import { formatBytes, jobLabel, progressText, resultText, targetText } from './job-text.ts';

const job = (over: Partial<Job>): Job => ({
  id: 'job_1',
  appId: 'app_1',
  type: 'replay',
  status: 'completed',
  progress: { done: 3, total: 3 },
  result: null,
  params: {},
  error: null,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  ...over,
});

describe('job target', () => {
  it('says what a job works on: its target, then its window', () => {
    const since = '2026-01-01T10:00:00.000Z';
    const until = '2026-01-01T11:00:00.000Z';
    const recover = targetText(job({ type: 'recover', params: { endpointId: 'ep_1', since, until } }));
    expect(recover.target).toBe('endpoint ep_1');
    expect(recover.window).toMatch(/–/);
    const replay = targetText(
      job({
        type: 'replay',
        params: { since, until, eventTypes: ['a.b'], endpointId: null, failedOnly: true },
      }),
    );
    expect(replay.target).toBe('a.b · failed deliveries · every subscribed endpoint');
    expect(targetText(job({ type: 'export', params: { since, until, format: 'csv' } })).target).toBe('CSV');
    expect(targetText(job({ type: 'export', params: {} }))).toEqual({ target: null, window: null });
  });
});

describe('job text', () => {
  it('names types and counts what each one counts', () => {
    expect(jobLabel('export')).toBe('Export');
    expect(jobLabel('retention')).toBe('retention');
    expect(progressText(job({ type: 'recover', progress: { done: 1, total: 3 } }))).toBe(
      '1 of 3 deliveries re-sent',
    );
    expect(progressText(job({ type: 'replay', progress: { done: 0, total: 1 } }))).toBe(
      '0 of 1 message re-sent',
    );
  });

  it('summarises results, failures and cancellations', () => {
    expect(resultText(job({ result: { replayed: 3 } }))).toBe('3 messages re-sent');
    expect(resultText(job({ type: 'recover', result: { resent: 1 } }))).toBe('1 delivery re-sent');
    expect(resultText(job({ type: 'export', result: { format: 'ndjson', messages: 2, bytes: 2048 } }))).toBe(
      'NDJSON · 2 messages · 2.0\u00a0kB',
    );
    expect(resultText(job({ status: 'failed', error: 'boom' }))).toBe('Failed: boom');
    expect(resultText(job({ status: 'cancelled', progress: { done: 1, total: 4 } }))).toBe(
      'Cancelled after 1 of 4 messages',
    );
    expect(resultText(job({ status: 'running' }))).toBeNull();
    expect(formatBytes(5)).toBe('5\u00a0B');
  });

  it('computes percent without dividing by zero', () => {
    expect(percentOf(1, 3)).toBe(33);
    expect(percentOf(0, 0)).toBe(0);
    expect(percentOf(0, 0, true)).toBe(100);
    expect(percentOf(5, 3)).toBe(100);
  });
});
