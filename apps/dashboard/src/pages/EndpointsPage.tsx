import { EndpointList } from '../features/endpoints/components/EndpointList.tsx';
import { navigate } from '../lib/router.tsx';
import { AppLayout } from './AppLayout.tsx';
import type { Scope } from './scope.ts';

export function EndpointsPage({ app, scope }: { app: string; scope: Scope }) {
  const add = (
    <button
      type="button"
      className="button button-primary"
      onClick={() => navigate(`/apps/${encodeURIComponent(app)}/endpoints/new`)}
    >
      Add endpoint
    </button>
  );
  return (
    <AppLayout app={app} tab="endpoints" scope={scope}>
      <div className="section-head">
        <h1>Endpoints</h1>
        {add}
      </div>
      <EndpointList app={app} addAction={add} />
    </AppLayout>
  );
}
