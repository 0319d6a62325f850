import type { ReactNode } from 'react';
import { useApp } from '../features/apps/api/apps.ts';
import { PortalLinkButton } from '../features/apps/components/PortalLink.tsx';
import { Link } from '../lib/router.tsx';
import { ErrorState } from '../lib/ui/State.tsx';
import type { Scope } from './scope.ts';

export type AppTab = 'endpoints' | 'messages' | 'sources' | 'event-types' | 'settings';

/** The frame of every application screen: where you are, and the application's sections. */
export function AppLayout({
  app,
  tab,
  scope,
  children,
}: {
  app: string;
  tab: AppTab;
  scope: Scope;
  children: ReactNode;
}) {
  const q = useApp(app);
  const base = `/apps/${encodeURIComponent(app)}`;
  if (q.isError) {
    return (
      <div className="page">
        <ErrorState error={q.error} retry={q.refetch} title="Cannot open this application" />
      </div>
    );
  }
  const name = q.data?.name ?? '…';
  return (
    <>
      <div className="app-bar">
        <div className="app-bar-inner">
          <div className="app-bar-row">
            <div>
              {scope.app ? null : (
                <nav aria-label="Breadcrumb" className="crumbs">
                  <ol>
                    <li>
                      <Link to="/">Applications</Link>
                    </li>
                    <li aria-current="page">{name}</li>
                  </ol>
                </nav>
              )}
              <div className="app-title">
                <span className="app-name">{name}</span>
                {q.data ? <code className="muted small">{q.data.uid ?? q.data.id}</code> : null}
              </div>
            </div>
            {scope.canShare && q.data ? <PortalLinkButton app={q.data.id} appName={q.data.name} /> : null}
          </div>
          <nav className="tabs" aria-label="Application sections">
            <Link to={`${base}/endpoints`} aria-current={tab === 'endpoints' ? 'page' : undefined}>
              Endpoints
            </Link>
            <Link to={`${base}/messages`} aria-current={tab === 'messages' ? 'page' : undefined}>
              Messages
            </Link>
            <Link to={`${base}/sources`} aria-current={tab === 'sources' ? 'page' : undefined}>
              Sources
            </Link>
            <Link to={`${base}/event-types`} aria-current={tab === 'event-types' ? 'page' : undefined}>
              Event types
            </Link>
            {scope.portal ? null : (
              <Link to={`${base}/settings`} aria-current={tab === 'settings' ? 'page' : undefined}>
                Settings
              </Link>
            )}
          </nav>
        </div>
      </div>
      <div className="page">{children}</div>
    </>
  );
}
