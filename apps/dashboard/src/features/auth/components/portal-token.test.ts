import { describe, expect, it } from 'vitest';
import { tokenFromHash } from './PortalEntry.tsx';

describe('tokenFromHash', () => {
  it('reads the token of a portal link', () => {
    expect(tokenFromHash('#token=hk_abc')).toBe('hk_abc');
    expect(tokenFromHash('token=hk_abc&x=1')).toBe('hk_abc');
    expect(tokenFromHash('#other=1')).toBeNull();
    expect(tokenFromHash('#token=')).toBeNull();
    expect(tokenFromHash('')).toBeNull();
  });
});
