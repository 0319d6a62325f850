import { describe, expect, it } from 'vitest';
import { capResponseHeaders, MAX_RESPONSE_HEADER_VALUE, MAX_RESPONSE_HEADERS } from './response-headers.ts';

describe('capResponseHeaders', () => {
  it('keeps ordinary headers as they are, without set-cookie', () => {
    expect(
      capResponseHeaders({ 'content-type': 'text/html', 'retry-after': '30', 'set-cookie': 'sid=secret' }),
    ).toEqual({ 'content-type': 'text/html', 'retry-after': '30' });
  });

  it('keeps at most MAX_RESPONSE_HEADERS, each value cut to MAX_RESPONSE_HEADER_VALUE', () => {
    const many = Object.fromEntries(
      Array.from({ length: 80 }, (_, i) => [`x-h-${String(i).padStart(2, '0')}`, 'v']),
    );
    const capped = capResponseHeaders({ ...many, 'x-long': 'a'.repeat(5000) });
    expect(Object.keys(capped)).toHaveLength(MAX_RESPONSE_HEADERS);
    expect(capped['x-h-00']).toBe('v');
    const long = capResponseHeaders({ 'x-long': 'a'.repeat(5000) })['x-long']!;
    expect(long).toHaveLength(MAX_RESPONSE_HEADER_VALUE + 1);
    expect(long.endsWith('…')).toBe(true);
  });
});
