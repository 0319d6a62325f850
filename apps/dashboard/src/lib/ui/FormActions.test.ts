// @vitest-environment happy-dom
// A .ts file (the unit project takes `*.test.ts`), so the elements are made with createElement.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createElement as h } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FormActions } from './FormActions.tsx';

afterEach(cleanup);

describe('FormActions', () => {
  it('cancels with the cancel button and submits the form with the primary one', () => {
    const onCancel = vi.fn();
    const onSubmit = vi.fn((e: { preventDefault: () => void }) => e.preventDefault());
    render(h('form', { onSubmit }, h(FormActions, { onCancel, action: { label: 'Save' } })));

    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledOnce();
    expect(onSubmit).not.toHaveBeenCalled();

    const save = screen.getByRole('button', { name: 'Save' });
    expect(save.getAttribute('type')).toBe('submit');
    expect(save.className).toBe('button button-primary');
    fireEvent.click(save);
    expect(onSubmit).toHaveBeenCalledOnce();
  });

  it('is disabled and says so while busy, and calls onClick instead of submitting', () => {
    const onClick = vi.fn();
    const onSubmit = vi.fn();
    const action = { label: 'Rotate now', busyLabel: 'Rotating…', onClick, tone: 'danger' as const };
    const view = render(h('form', { onSubmit }, h(FormActions, { onCancel: () => {}, action })));

    const rotate = screen.getByRole('button', { name: 'Rotate now' });
    expect(rotate.getAttribute('type')).toBe('button');
    expect(rotate.className).toBe('button button-danger');
    fireEvent.click(rotate);
    expect(onClick).toHaveBeenCalledOnce();
    expect(onSubmit).not.toHaveBeenCalled();

    view.rerender(
      h('form', { onSubmit }, h(FormActions, { onCancel: () => {}, action: { ...action, busy: true } })),
    );
    const busy = screen.getByRole('button', { name: 'Rotating…' });
    expect((busy as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(busy);
    expect(onClick).toHaveBeenCalledOnce();
    expect(screen.queryByRole('button', { name: 'Rotate now' })).toBeNull();
  });

  it('keeps the label when there is nothing to do, and shows only Close once done', () => {
    const view = render(
      h(FormActions, { onCancel: () => {}, action: { label: 'Re-send', disabled: true, busyLabel: 'x' } }),
    );
    expect((screen.getByRole('button', { name: 'Re-send' }) as HTMLButtonElement).disabled).toBe(true);

    const onClose = vi.fn();
    view.rerender(
      h(FormActions, {
        onCancel: onClose,
        cancelLabel: 'Close',
        aside: h('a', { href: '/jobs' }, 'All jobs'),
      }),
    );
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Close']);
    expect(screen.getByRole('link', { name: 'All jobs' }).getAttribute('href')).toBe('/jobs');
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalledOnce();
  });
});
