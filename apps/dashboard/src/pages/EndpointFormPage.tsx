import { useEndpoint } from '../features/endpoints/api/endpoints.ts';
import { EndpointForm } from '../features/endpoints/components/EndpointForm.tsx';
import { useEventTypes } from '../features/event-types/api/event-types.ts';
import { navigate } from '../lib/router.tsx';
import { ErrorState, Loading, Notice } from '../lib/ui/State.tsx';
import { AppLayout } from './AppLayout.tsx';
import type { Scope } from './scope.ts';

/** New endpoint, or edit one when `endpoint` is given. */
export function EndpointFormPage({ app, endpoint, scope }: { app: string; endpoint?: string; scope: Scope }) {
  const catalogue = useEventTypes();
  const existing = useEndpoint(app, endpoint);
  const base = `/apps/${encodeURIComponent(app)}/endpoints`;
  const back = endpoint ? `${base}/${encodeURIComponent(endpoint)}` : base;

  let body: React.ReactNode;
  if (endpoint && existing.isPending) body = <Loading />;
  else if (endpoint && existing.isError)
    body = <ErrorState error={existing.error} retry={existing.refetch} />;
  else
    body = (
      <>
        {catalogue.isError ? (
          <Notice kind="error">
            The event-type catalogue could not be loaded; you can still type names.
          </Notice>
        ) : null}
        <EndpointForm
          app={app}
          {...(existing.data ? { endpoint: existing.data } : {})}
          catalogue={catalogue.isError ? [] : catalogue.data}
          onCancel={() => navigate(back)}
          onSaved={(id) => navigate(`${base}/${encodeURIComponent(id)}`)}
        />
      </>
    );
  return (
    <AppLayout app={app} tab="endpoints" scope={scope}>
      <div className="section-head">
        <h1>{endpoint ? 'Edit endpoint' : 'Add endpoint'}</h1>
      </div>
      <div className="narrow">{body}</div>
    </AppLayout>
  );
}
