import { describe, expect, it } from 'vitest';
import { formatDuration, formatPercent, fromLocalInput, prettyBody, toLocalInput } from './format.ts';
import { matchPath, withQuery } from './router.tsx';

describe('router', () => {
  it('matches patterns and decodes parameters', () => {
    expect(matchPath('/apps/:app/messages/:msg', '/apps/app_1/messages/msg_2')).toEqual({
      app: 'app_1',
      msg: 'msg_2',
    });
    expect(matchPath('/apps/:app', '/apps/my%20app')).toEqual({ app: 'my app' });
    expect(matchPath('/apps/:app/endpoints', '/apps/a/messages')).toBeNull();
    expect(matchPath('/apps/:app', '/apps/a/endpoints')).toBeNull();
    expect(matchPath('/apps/:app', '/apps/%E0%A4%A')).toBeNull();
  });

  it('builds query strings without empty values', () => {
    expect(withQuery('/x', { a: '1', b: null, c: '', d: 'q r' })).toBe('/x?a=1&d=q+r');
    expect(withQuery('/x', {})).toBe('/x');
  });
});

describe('format', () => {
  it('formats durations and rates for people', () => {
    expect(formatDuration(12)).toBe('12 ms');
    expect(formatDuration(1234)).toBe('1.23 s');
    expect(formatDuration(null)).toBe('–');
    expect(formatPercent(1)).toBe('100 %');
    expect(formatPercent(0.9876)).toBe('98.8 %');
    expect(formatPercent(null)).toBe('–');
  });

  it('pretty-prints JSON bodies and leaves text alone', () => {
    expect(prettyBody('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyBody('plain text')).toBe('plain text');
  });

  it('round-trips datetime-local values to the minute', () => {
    const iso = new Date(2026, 0, 2, 3, 4).toISOString();
    expect(toLocalInput(iso)).toBe('2026-01-02T03:04');
    expect(fromLocalInput('2026-01-02T03:04')).toBe(iso);
    expect(fromLocalInput('')).toBeUndefined();
    expect(toLocalInput('nonsense')).toBe('');
  });
});
