import { describe, expect, it } from 'vitest';
import { matchesEtag } from './etag.ts';

describe('matchesEtag', () => {
  const tag = 'W/"abc"';
  it('matches weakly: with or without W/, in a list, or *', () => {
    expect(matchesEtag('W/"abc"', tag)).toBe(true);
    expect(matchesEtag('"abc"', tag)).toBe(true);
    expect(matchesEtag('"x", W/"abc" ,"y"', tag)).toBe(true);
    expect(matchesEtag('*', tag)).toBe(true);
  });
  it('does not match another tag, a prefix of it, or nothing', () => {
    expect(matchesEtag('W/"abcd"', tag)).toBe(false);
    expect(matchesEtag('"ab"', tag)).toBe(false);
    expect(matchesEtag(undefined, tag)).toBe(false);
    expect(matchesEtag('', tag)).toBe(false);
  });
});
