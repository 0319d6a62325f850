import { describe, expect, it } from 'vitest';
import { issuesByPath } from './form-errors.ts';

describe('issuesByPath', () => {
  it('keys messages by dotted path, the first of each; the whole input is ""', () => {
    expect(
      issuesByPath([
        { path: ['eventTypes', 0], message: 'like "invoice.paid"' },
        { path: ['eventTypes', 0], message: 'a second complaint' },
        { path: [], message: 'about the whole body' },
      ]),
    ).toEqual({ 'eventTypes.0': 'like "invoice.paid"', '': 'about the whole body' });
  });
});
