import { SourceList } from '../features/sources/components/SourceList.tsx';
import { navigate } from '../lib/router.tsx';
import { AppLayout } from './AppLayout.tsx';
import type { Scope } from './scope.ts';

export function SourcesPage({ app, scope }: { app: string; scope: Scope }) {
  const add = (
    <button
      type="button"
      className="button button-primary"
      onClick={() => navigate(`/apps/${encodeURIComponent(app)}/sources/new`)}
    >
      Add source
    </button>
  );
  return (
    <AppLayout app={app} tab="sources" scope={scope}>
      <div className="section-head">
        <h1>Sources</h1>
        {add}
      </div>
      <SourceList app={app} addAction={add} />
    </AppLayout>
  );
}
