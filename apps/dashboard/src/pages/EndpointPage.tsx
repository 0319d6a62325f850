import { useEndpoint } from '../features/endpoints/api/endpoints.ts';
import { DeleteEndpoint } from '../features/endpoints/components/DeleteEndpoint.tsx';
import {
  EnableToggle,
  EndpointConfig,
  EndpointStatus,
} from '../features/endpoints/components/EndpointOverview.tsx';
import { ActivityPanel, StatsSummary } from '../features/endpoints/components/HealthPanel.tsx';
import { RecoverButton } from '../features/endpoints/components/RecoverDialog.tsx';
import { SecretPanel } from '../features/endpoints/components/SecretPanel.tsx';
import { isRange } from '../features/endpoints/components/series.ts';
import { useExamplePayload } from '../features/event-types/components/EventTypeCatalogue.tsx';
import { JobProgress } from '../features/jobs/components/JobProgress.tsx';
import { SendTestEvent } from '../features/messages/components/SendTestEvent.tsx';
import { Link, useLocation, withQuery } from '../lib/router.tsx';
import { ErrorState, Loading } from '../lib/ui/State.tsx';
import { AppLayout } from './AppLayout.tsx';
import type { Scope } from './scope.ts';

export function EndpointPage({ app, endpoint, scope }: { app: string; endpoint: string; scope: Scope }) {
  const q = useEndpoint(app, endpoint);
  const exampleFor = useExamplePayload();
  const { search } = useLocation();
  const range = search.get('range');
  const base = `/apps/${encodeURIComponent(app)}`;

  let body: React.ReactNode;
  if (q.isPending) body = <Loading label="Loading endpoint…" />;
  else if (q.isError) body = <ErrorState error={q.error} retry={q.refetch} />;
  else {
    const ep = q.data;
    body = (
      <>
        <header className="page-header">
          <div className="page-header-row">
            <div className="page-header-text">
              <h1 className="url">{ep.url}</h1>
              <div className="page-meta">
                <EndpointStatus endpoint={ep} />
                {ep.description ? <span>{ep.description}</span> : null}
                <Link to={withQuery(`${base}/messages`, { endpoint: ep.id })}>Messages to this endpoint</Link>
              </div>
            </div>
            <div className="page-actions">
              <Link className="button" to={`${base}/endpoints/${encodeURIComponent(ep.id)}/edit`}>
                Edit
              </Link>
              <SendTestEvent
                app={app}
                eventTypes={ep.eventTypes}
                channels={ep.channels}
                exampleFor={exampleFor}
              />
              <RecoverButton
                app={app}
                endpoint={ep.id}
                progress={(id) => (
                  <JobProgress
                    jobId={id}
                    label="Recovery progress"
                    doneNote="Their new attempts show in the message log."
                  />
                )}
              />
              <EnableToggle app={app} endpoint={ep} />
              {scope.portal ? null : <DeleteEndpoint app={app} endpoint={ep.id} url={ep.url} />}
            </div>
          </div>
        </header>
        <div className="layout-split">
          <div className="stack-lg">
            <section className="card" aria-label="Health in the last 24 hours">
              <StatsSummary app={app} endpoint={ep.id} />
            </section>
            <ActivityPanel app={app} endpoint={ep.id} range={isRange(range) ? range : '24h'} />
          </div>
          <div className="stack-lg">
            <SecretPanel app={app} endpoint={ep.id} />
            <EndpointConfig endpoint={ep} />
          </div>
        </div>
      </>
    );
  }
  return (
    <AppLayout app={app} tab="endpoints" scope={scope}>
      <nav aria-label="Back" className="back">
        <Link to={`${base}/endpoints`}>← All endpoints</Link>
      </nav>
      {body}
    </AppLayout>
  );
}
