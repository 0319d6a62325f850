import { describe, expect, it } from 'vitest';
import { formatTimeOfDay } from '../../../lib/format.ts';
import { circuitView } from './circuit.ts';

const now = new Date(2026, 0, 1, 10, 43).getTime();
const opened = new Date(2026, 0, 1, 10, 42).toISOString();
const probe = new Date(2026, 0, 1, 10, 43, 30).toISOString();

describe('circuit view', () => {
  it('says nothing about a closed circuit', () => {
    expect(circuitView({ state: 'closed', openedAt: null, failures: 3, probeAt: null }, now)).toBeNull();
  });

  it('gives an open circuit its failures, since when and the next probe', () => {
    const v = circuitView({ state: 'open', openedAt: opened, failures: 12, probeAt: probe }, now);
    expect(v).toEqual({
      label: 'Circuit open',
      tone: 'danger',
      reason: `12 consecutive failures since ${formatTimeOfDay(opened, now)}; next probe at ${formatTimeOfDay(probe, now)}`,
    });
  });

  it('says a half-open circuit is probing', () => {
    const v = circuitView({ state: 'half-open', openedAt: opened, failures: 1, probeAt: probe }, now);
    expect(v).toMatchObject({ label: 'Circuit half-open', tone: 'warning' });
    expect(v?.reason).toBe('Half-open: probing after 1 consecutive failure');
  });

  it('shows the date of a time that is not today', () => {
    const yesterday = new Date(2025, 11, 31, 23, 59).toISOString();
    expect(formatTimeOfDay(yesterday, now)).not.toBe(formatTimeOfDay(new Date(2026, 0, 1, 23, 59), now));
    expect(formatTimeOfDay(yesterday, now)).toMatch(/2025/);
  });
});
