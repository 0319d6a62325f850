import type { PortalBranding } from '@herald/contracts';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { appQuery } from '../features/apps/api/apps.ts';
import { useSignOut, useWhoami } from '../features/auth/api/whoami.ts';
import { PortalEntry, PortalProblem, tokenFromHash } from '../features/auth/components/PortalEntry.tsx';
import { SignIn } from '../features/auth/components/SignIn.tsx';
import { ClusterPage } from '../features/cluster/components/ClusterPage.tsx';
import { ApiError } from '../lib/http.ts';
import { Link, matchPath, useLocation } from '../lib/router.tsx';
import { useSession } from '../lib/session.ts';
import { Badge } from '../lib/ui/Badge.tsx';
import { ErrorState, Loading } from '../lib/ui/State.tsx';
import { ApiKeysPage } from '../pages/ApiKeysPage.tsx';
import { AppSettingsPage } from '../pages/AppSettingsPage.tsx';
import { AppsPage } from '../pages/AppsPage.tsx';
import { EndpointFormPage } from '../pages/EndpointFormPage.tsx';
import { EndpointPage } from '../pages/EndpointPage.tsx';
import { EndpointsPage } from '../pages/EndpointsPage.tsx';
import { EventTypesPage } from '../pages/EventTypesPage.tsx';
import { JobsPage } from '../pages/JobsPage.tsx';
import { MessagePage } from '../pages/MessagePage.tsx';
import { MessagesPage } from '../pages/MessagesPage.tsx';
import { NotFoundPage } from '../pages/NotFoundPage.tsx';
import { SourceFormPage } from '../pages/SourceFormPage.tsx';
import { SourcePage } from '../pages/SourcePage.tsx';
import { SourcesPage } from '../pages/SourcesPage.tsx';
import type { Scope } from '../pages/scope.ts';
import { Redirect } from './Redirect.tsx';

/** The screens, by path. A key limited to one application only ever reaches that application. */
function Screen({ pathname, scope }: { pathname: string; scope: Scope }) {
  const home = scope.app ? `/apps/${encodeURIComponent(scope.app)}/endpoints` : null;
  // a scoped session may name its application by uid (a customer's own link)
  const scoped = useQuery({ ...appQuery(scope.app ?? ''), enabled: scope.app !== null });
  const ownUid = scoped.data?.uid ?? null;
  if (pathname === '/' || pathname === '/portal') {
    if (home) return <Redirect to={home} />;
    return (
      <div className="page">
        <AppsPage />
      </div>
    );
  }

  // jobs are listed by the API for whatever the key can see: all of them, or its application's
  if (pathname === '/jobs') return <JobsPage scope={scope} />;
  if (pathname === '/cluster') return scope.app ? <Redirect to={home!} /> : <ClusterPage />;
  if (pathname === '/api-keys') return scope.app ? <NotFoundPage /> : <ApiKeysPage />;

  const appOnly = matchPath('/apps/:app', pathname);
  const app = appOnly?.app ?? pathname.match(/^\/apps\/([^/]+)/)?.[1];
  if (app === undefined) return <NotFoundPage />;
  const appId = decodeURIComponent(app);
  if (scope.app && appId !== scope.app && appId !== ownUid) {
    if (scoped.isPending) return null;
    return <Redirect to={home!} />;
  }
  if (appOnly) return <Redirect to={`/apps/${app}/endpoints`} />;

  const routes: Array<[string, (p: Record<string, string>) => React.ReactNode]> = [
    ['/apps/:app/endpoints', () => <EndpointsPage app={appId} scope={scope} />],
    ['/apps/:app/endpoints/new', () => <EndpointFormPage app={appId} scope={scope} />],
    [
      '/apps/:app/endpoints/:endpoint/edit',
      (p) => <EndpointFormPage app={appId} endpoint={p.endpoint!} scope={scope} key={p.endpoint} />,
    ],
    [
      '/apps/:app/endpoints/:endpoint',
      (p) => <EndpointPage app={appId} endpoint={p.endpoint!} scope={scope} key={p.endpoint} />,
    ],
    ['/apps/:app/messages', () => <MessagesPage app={appId} scope={scope} />],
    ['/apps/:app/event-types', () => <EventTypesPage app={appId} scope={scope} />],
    ['/apps/:app/settings', () => <AppSettingsPage app={appId} scope={scope} />],
    ['/apps/:app/messages/:msg', (p) => <MessagePage app={appId} msg={p.msg!} scope={scope} key={p.msg} />],
    ['/apps/:app/sources', () => <SourcesPage app={appId} scope={scope} />],
    ['/apps/:app/sources/new', () => <SourceFormPage app={appId} scope={scope} />],
    [
      '/apps/:app/sources/:source/edit',
      (p) => <SourceFormPage app={appId} source={p.source!} scope={scope} key={p.source} />,
    ],
    [
      '/apps/:app/sources/:source',
      (p) => <SourcePage app={appId} source={p.source!} scope={scope} key={p.source} />,
    ],
  ];
  for (const [pattern, render] of routes) {
    const params = matchPath(pattern, pathname);
    if (params) return render(params);
  }
  return <NotFoundPage />;
}

/** A customer's top bar: the operator's name and logo, and nothing of Herald's own navigation. */
function PortalTopBar({ scope, branding }: { scope: Scope; branding: PortalBranding }) {
  const home = `/apps/${encodeURIComponent(scope.app ?? '')}/endpoints`;
  return (
    <header className="topbar topbar-portal">
      <a href="#main" className="skip-link">
        Skip to main content
      </a>
      <div className="topbar-inner">
        <Link to={home} className="brand">
          {branding.logoUrl ? (
            <img className="brand-logo" src={branding.logoUrl} alt="" />
          ) : (
            <span className="brand-mark" aria-hidden="true">
              {(branding.name ?? 'Webhooks').slice(0, 1).toUpperCase()}
            </span>
          )}
          {branding.name ?? 'Webhooks'}
        </Link>
      </div>
    </header>
  );
}

function TopBar({ scope, portal }: { scope: Scope; portal: boolean }) {
  const signOut = useSignOut();
  const { pathname } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  // a narrow window folds the menu behind a button; going somewhere folds it again
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every navigation
  useEffect(() => setMenuOpen(false), [pathname]);
  const current = (p: string) => (pathname === p ? ('page' as const) : undefined);
  const home = scope.app ? `/apps/${encodeURIComponent(scope.app)}/endpoints` : '/';
  return (
    <header className="topbar">
      <a href="#main" className="skip-link">
        Skip to main content
      </a>
      <div className="topbar-inner">
        <Link to={home} className="brand">
          <span className="brand-mark" aria-hidden="true">
            H
          </span>
          Herald
        </Link>
        <button
          type="button"
          className="button button-small button-ghost-inverse topbar-menu-button"
          aria-expanded={menuOpen}
          aria-controls="topbar-menu"
          onClick={() => setMenuOpen((o) => !o)}
        >
          Menu
        </button>
        <div id="topbar-menu" className={menuOpen ? 'topbar-menu is-open' : 'topbar-menu'}>
          <nav aria-label="Main" className="topnav">
            {scope.app ? (
              <Link to={home}>Application</Link>
            ) : (
              <Link to="/" aria-current={current('/')}>
                Applications
              </Link>
            )}
            <Link to="/jobs" aria-current={current('/jobs')}>
              Jobs
            </Link>
            {scope.app ? null : (
              <Link to="/cluster" aria-current={current('/cluster')}>
                Cluster
              </Link>
            )}
            {scope.app ? null : (
              <Link to="/api-keys" aria-current={current('/api-keys')}>
                API keys
              </Link>
            )}
            {scope.app ? null : (
              <a href="/docs" target="_blank" rel="noreferrer">
                API docs
              </a>
            )}
          </nav>
          <div className="topbar-end">
            <Badge tone={scope.app ? 'info' : 'neutral'}>
              {portal ? 'Portal' : scope.app ? 'Scoped key' : 'Root key'}
            </Badge>
            <button type="button" className="button button-small button-ghost-inverse" onClick={signOut}>
              Sign out
            </button>
          </div>
        </div>
      </div>
    </header>
  );
}

function SignedIn({ portal }: { portal: boolean }) {
  const who = useWhoami();
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const shown = useRef<string | null>(null);
  // after a navigation focus moves to the new screen (not left on <body>), as a page load would put a
  // screen reader there; a filter change (same path) keeps focus where it is
  useEffect(() => {
    if (shown.current !== null && shown.current !== pathname) mainRef.current?.focus({ preventScroll: true });
    shown.current = pathname;
  }, [pathname]);
  if (who.isPending) return <Loading label="Checking your key…" />;
  if (who.isError) {
    // a 401 has ended the session already and the sign-in screen takes over
    if (who.error instanceof ApiError && who.error.status === 401) return null;
    return (
      <main className="page">
        <ErrorState error={who.error} retry={who.refetch} title="Cannot reach Herald" />
      </main>
    );
  }
  const scope: Scope = { app: who.data.app, canShare: !portal, portal };
  return (
    <>
      {portal ? (
        <PortalTopBar scope={scope} branding={who.data.branding} />
      ) : (
        <TopBar scope={scope} portal={portal} />
      )}
      {portal && who.data.branding.color ? <AccentColour color={who.data.branding.color} /> : null}
      <main id="main" tabIndex={-1} ref={mainRef}>
        <Screen pathname={pathname} scope={scope} />
      </main>
    </>
  );
}

/** The operator's accent colour for the portal (set through the CSSOM: the CSP allows no inline style). */
function AccentColour({ color }: { color: string }) {
  useEffect(() => {
    const root = document.documentElement.style;
    root.setProperty('--primary', color);
    root.setProperty('--primary-hover', color);
    return () => {
      root.removeProperty('--primary');
      root.removeProperty('--primary-hover');
    };
  }, [color]);
  return null;
}

/** Opening a portal link: its token signs this tab in, limited to the link's application. */
function PortalRoute({ signedIn }: { signedIn: boolean }) {
  const [token] = useState(() => tokenFromHash(window.location.hash));
  if (token) return <PortalEntry token={token} />;
  if (signedIn) return <Redirect to="/" />;
  return <PortalProblem expired={false} />;
}

export function App() {
  const session = useSession();
  const { pathname } = useLocation();
  if (pathname === '/portal') return <PortalRoute signedIn={session.key !== null} />;
  if (!session.key) return session.portal ? <PortalProblem expired /> : <SignIn ended={session.ended} />;
  return <SignedIn portal={session.portal} />;
}
