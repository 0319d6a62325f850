import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generateOpenApi } from '../../../scripts/openapi.ts';

describe('docs/openapi.json', () => {
  it('matches what the route schemas generate (run `npm run openapi` after changing the API)', async () => {
    const checkedIn = await readFile(new URL('../../../docs/openapi.json', import.meta.url), 'utf8');
    const generated = await generateOpenApi();
    expect(JSON.parse(generated).openapi).toBe('3.1.0');
    expect(generated).toBe(checkedIn);
  });
});
