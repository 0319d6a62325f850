import { useEffect, useState } from 'react';
import { useEndpoints } from '../features/endpoints/api/endpoints.ts';
import { useEventTypes } from '../features/event-types/api/event-types.ts';
import { ExportButton } from '../features/jobs/components/ExportDialog.tsx';
import { ReplayButton } from '../features/jobs/components/ReplayDialog.tsx';
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
  const endpointList = endpoints.data?.pages.flatMap((p) => p.data) ?? [];
  const choices = endpointList.map((e) => ({ id: e.id, uid: e.uid, url: e.url }));
  const eventTypes = catalogue.data?.map((t) => t.name) ?? [];
  // the filter may name the endpoint by uid (a shared link); the rows' deliveries know it by id
  const endpointId = filters.endpoint
    ? (endpointList.find((e) => e.id === filters.endpoint || e.uid === filters.endpoint)?.id ??
      filters.endpoint)
    : undefined;
  const clear = () => setQuery(Object.fromEntries(filterKeys.map((k) => [k, null])));
  return (
    <AppLayout app={app} tab="messages" scope={scope}>
      <div className="section-head">
        <h1>Messages</h1>
        <div className="section-actions">
          <label className="switch">
            <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} />
            <span className="switch-track" aria-hidden="true" />
            Live updates
            {live ? <span className="live-dot" aria-hidden="true" /> : null}
          </label>
          <ReplayButton
            app={app}
            eventTypes={eventTypes}
            endpoints={choices}
            from={{
              after: filters.after,
              before: filters.before,
              eventType: filters.eventType,
              endpoint: endpointId,
              failedOnly: filters.status === 'failed',
            }}
          />
          <ExportButton app={app} from={{ after: filters.after, before: filters.before }} />
        </div>
      </div>
      <MessageFilters filters={filters} eventTypes={eventTypes} endpoints={choices} onChange={setQuery} />
      <MessageLog app={app} filters={filters} endpointId={endpointId} live={live} onClearFilters={clear} />
    </AppLayout>
  );
}
