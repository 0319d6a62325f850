// @vitest-environment happy-dom
// A .ts file (the unit project takes `*.test.ts`), so the elements are made with createElement.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createElement as h, useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { type HeaderRow, row } from './form-values.ts';
import { HeadersEditor } from './HeadersEditor.tsx';

afterEach(cleanup);

/** The editor as the form holds it: rows in state, the latest kept for the test to read. */
function Harness({ start, seen }: { start: HeaderRow[]; seen: { rows: HeaderRow[] } }) {
  const [rows, setRows] = useState(start);
  seen.rows = rows;
  return h(HeadersEditor, { rows, onChange: setRows, error: undefined });
}

describe('HeadersEditor', () => {
  it('adds, edits and removes header rows', () => {
    const seen = { rows: [] as HeaderRow[] };
    render(h(Harness, { start: [row('X-Team', 'payments')], seen }));
    expect(screen.getByRole('group', { name: 'Custom headers' })).toBeTruthy();
    expect((screen.getByLabelText('Header 1 name') as HTMLInputElement).value).toBe('X-Team');

    fireEvent.click(screen.getByRole('button', { name: 'Add header' }));
    fireEvent.change(screen.getByLabelText('Header 2 name'), { target: { value: 'X-Env' } });
    fireEvent.change(screen.getByLabelText('Header 2 value'), { target: { value: 'prod' } });
    expect(seen.rows.map((r) => [r.name, r.value])).toEqual([
      ['X-Team', 'payments'],
      ['X-Env', 'prod'],
    ]);

    fireEvent.click(screen.getByRole('button', { name: 'Remove header 1' }));
    expect(seen.rows.map((r) => [r.name, r.value])).toEqual([['X-Env', 'prod']]);
    expect((screen.getByLabelText('Header 1 name') as HTMLInputElement).value).toBe('X-Env');
    expect(screen.queryByLabelText('Header 2 name')).toBeNull();
  });

  it('shows the error it is given', () => {
    render(h(HeadersEditor, { rows: [], onChange: () => {}, error: 'may not set host' }));
    expect(screen.getByText('may not set host').className).toBe('field-error');
  });
});
