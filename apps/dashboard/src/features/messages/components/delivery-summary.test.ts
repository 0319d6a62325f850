import type { Delivery } from '@herald/contracts';
import { describe, expect, it } from 'vitest';
import { overallStatus } from './DeliverySummary.tsx';

const d = (status: Delivery['status']): Delivery => ({
  endpointId: `ep_${status}`,
  url: 'http://x',
  status,
  attempts: 1,
  nextAttemptAt: null,
  updatedAt: new Date().toISOString(),
});

describe('overallStatus', () => {
  it('lets a failure win, then work under way, then success', () => {
    expect(overallStatus([])).toBeNull();
    expect(overallStatus([d('succeeded'), d('failed'), d('pending')])).toBe('failed');
    expect(overallStatus([d('succeeded'), d('pending')])).toBe('pending');
    expect(overallStatus([d('pending'), d('sending')])).toBe('sending');
    expect(overallStatus([d('succeeded'), d('succeeded')])).toBe('succeeded');
  });
});
