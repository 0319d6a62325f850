import { useEffect, useState } from 'react';
import { useEndpoints } from '../features/endpoints/api/endpoints.ts';
import { useEventTypes } from '../features/event-types/api/event-types.ts';
import { filterKeys, filtersFrom, MessageFilters } from '../features/messages/components/MessageFilters.tsx';
import { MessageLog } from '../features/messages/components/MessageLog.tsx';
import { setQuery, useLocation } from '../lib/router.tsx';
import { AppLayout } from './AppLayout.tsx';
import { rememberLog } from './last-log.ts';
import type { Scope } from './scope.ts';

export function MessagesPage({ app, scope }: { app: string; scope: Scope }) {
  const { search, href } = useLocation();
  useEffect(() => {
    rememberLog(app, href);
  }, [app, href]);
  const filters = filtersFrom(search);
  const [live, setLive] = useState(true);
  const catalogue = useEventTypes();
  const endpoints = useEndpoints(app);
  const clear = () => setQuery(Object.fromEntries(filterKeys.map((k) => [k, null])));
  return (
    <AppLayout app={app} tab="messages" scope={scope}>
      <div className="section-head">
        <h1>Messages</h1>
        <label className="switch">
          <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} />
          <span className="switch-track" aria-hidden="true" />
          Live updates
          {live ? <span className="live-dot" aria-hidden="true" /> : null}
        </label>
      </div>
      <MessageFilters
        filters={filters}
        eventTypes={catalogue.data?.map((t) => t.name) ?? []}
        endpoints={endpoints.data?.pages.flatMap((p) => p.data.map((e) => ({ id: e.id, url: e.url }))) ?? []}
        onChange={setQuery}
      />
      <MessageLog app={app} filters={filters} live={live} onClearFilters={clear} />
    </AppLayout>
  );
}
