import { useSyncExternalStore } from 'react';

/**
 * The API key of this browser tab. Kept in sessionStorage: it survives reloads, dies with the tab and
 * is never shared with other tabs. `ended` says why the last session stopped (shown on sign-in).
 */
export interface Session {
  key: string | null;
  /** true when the key came from a portal link (limited to one application, no sign-in form) */
  portal: boolean;
  ended: 'signed-out' | 'rejected' | null;
}

const KEY = 'herald.apiKey';
const PORTAL = 'herald.portal';

// absent outside a browser (unit tests import modules that import this one)
const storage: Storage | null = typeof sessionStorage === 'undefined' ? null : sessionStorage;

function read(): Session {
  return {
    key: storage?.getItem(KEY) ?? null,
    portal: storage?.getItem(PORTAL) === '1',
    ended: null,
  };
}

let current: Session = read();
const listeners = new Set<() => void>();

function set(next: Session) {
  current = next;
  for (const l of listeners) l();
}

export const session = {
  get: (): Session => current,
  key: (): string | null => current.key,
  signIn(key: string, opts: { portal?: boolean } = {}) {
    storage?.setItem(KEY, key);
    if (opts.portal) storage?.setItem(PORTAL, '1');
    else storage?.removeItem(PORTAL);
    set({ key, portal: opts.portal === true, ended: null });
  },
  /** Forgets the key; `rejected` when the server answered 401 (expired or revoked). */
  end(reason: 'signed-out' | 'rejected') {
    if (current.key === null && current.ended === reason) return;
    storage?.removeItem(KEY);
    // a portal user whose link expired is told so, not shown the operators' sign-in form
    const portal = reason === 'rejected' && current.portal;
    if (!portal) storage?.removeItem(PORTAL);
    set({ key: null, portal, ended: reason });
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useSession(): Session {
  return useSyncExternalStore(session.subscribe, session.get);
}
