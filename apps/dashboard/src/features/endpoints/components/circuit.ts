import type { EndpointCircuit } from '@herald/contracts';
import { formatTimeOfDay } from '../../../lib/format.ts';
import type { Tone } from '../../../lib/ui/Badge.tsx';

export interface CircuitView {
  label: string;
  tone: Tone;
  /** why, in words: the badge's colour is never the only sign */
  reason: string;
}

const failures = (n: number) => `${n} consecutive failure${n === 1 ? '' : 's'}`;

/** What the dashboard says about a circuit that is not closed; null for a closed one (nothing to say). */
export function circuitView(c: EndpointCircuit, now = Date.now()): CircuitView | null {
  if (c.state === 'closed') return null;
  if (c.state === 'half-open')
    return {
      label: 'Circuit half-open',
      tone: 'warning',
      reason: `Half-open: probing after ${failures(c.failures)}`,
    };
  const since = c.openedAt ? ` since ${formatTimeOfDay(c.openedAt, now)}` : '';
  const probe = c.probeAt ? `; next probe at ${formatTimeOfDay(c.probeAt, now)}` : '';
  return { label: 'Circuit open', tone: 'danger', reason: `${failures(c.failures)}${since}${probe}` };
}
