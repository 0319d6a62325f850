import { useSource } from '../features/sources/api/sources.ts';
import { SourceForm } from '../features/sources/components/SourceForm.tsx';
import { navigate } from '../lib/router.tsx';
import { ErrorState, Loading } from '../lib/ui/State.tsx';
import { AppLayout } from './AppLayout.tsx';
import type { Scope } from './scope.ts';

/** New source, or edit one when `source` is given. */
export function SourceFormPage({ app, source, scope }: { app: string; source?: string; scope: Scope }) {
  const existing = useSource(app, source);
  const base = `/apps/${encodeURIComponent(app)}/sources`;
  const back = source ? `${base}/${encodeURIComponent(source)}` : base;
  let body: React.ReactNode;
  if (source && existing.isPending) body = <Loading />;
  else if (source && existing.isError) body = <ErrorState error={existing.error} retry={existing.refetch} />;
  else
    body = (
      <SourceForm
        app={app}
        {...(existing.data ? { source: existing.data } : {})}
        onCancel={() => navigate(back)}
        onSaved={(id) => navigate(`${base}/${encodeURIComponent(id)}`)}
      />
    );
  return (
    <AppLayout app={app} tab="sources" scope={scope}>
      <div className="section-head">
        <h1>{source ? 'Edit source' : 'Add source'}</h1>
      </div>
      <div className="narrow">{body}</div>
    </AppLayout>
  );
}
