import type { Endpoint } from '@herald/contracts';
import { errorMessage } from '../../../lib/http.ts';
import { Notice } from '../../../lib/ui/State.tsx';
import { Time } from '../../../lib/ui/Time.tsx';
import { useUpdateEndpoint } from '../api/endpoints.ts';
import { EventTypeChips } from './EndpointList.tsx';
import { EndpointState } from './EndpointState.tsx';

export function EndpointStatus({ endpoint }: { endpoint: Endpoint }) {
  return <EndpointState endpoint={endpoint} layout="inline" />;
}

/** "Disable" stops deliveries to the endpoint (messages are still logged); "Enable" resumes them. */
export function EnableToggle({ app, endpoint }: { app: string; endpoint: Endpoint }) {
  const update = useUpdateEndpoint(app);
  return (
    <>
      <button
        type="button"
        className={endpoint.disabled ? 'button button-primary' : 'button button-danger-outline'}
        disabled={update.isPending}
        onClick={() => update.mutate({ ep: endpoint.id, patch: { disabled: !endpoint.disabled } })}
      >
        {endpoint.disabled ? 'Enable' : 'Disable'}
      </button>
      {update.isError ? <Notice kind="error">{errorMessage(update.error)}</Notice> : null}
    </>
  );
}

export function EndpointConfig({ endpoint }: { endpoint: Endpoint }) {
  const headers = Object.entries(endpoint.headers);
  return (
    <section className="card" aria-labelledby="config-title">
      <h2 id="config-title">Configuration</h2>
      <dl className="props">
        <dt>ID</dt>
        <dd>
          <code>{endpoint.id}</code>
        </dd>
        {endpoint.uid ? (
          <>
            <dt>UID</dt>
            <dd>
              <code>{endpoint.uid}</code>
            </dd>
          </>
        ) : null}
        <dt>Delivers to</dt>
        <dd>
          {endpoint.destination ? (
            <>
              {endpoint.destination.type} <code>{endpoint.url}</code>
            </>
          ) : (
            <>
              HTTP POST <code>{endpoint.url}</code>
            </>
          )}
        </dd>
        <dt>Event types</dt>
        <dd>
          <EventTypeChips types={endpoint.eventTypes} />
        </dd>
        <dt>Channels</dt>
        <dd>
          {endpoint.channels.length === 0 ? (
            <span className="muted">All channels</span>
          ) : (
            <span className="chips">
              {endpoint.channels.map((c) => (
                <span key={c} className="chip">
                  {c}
                </span>
              ))}
            </span>
          )}
        </dd>
        <dt>Rate limit</dt>
        <dd>{endpoint.rateLimit ? `${endpoint.rateLimit} / s` : <span className="muted">none</span>}</dd>
        <dt>Ordering</dt>
        <dd>{endpoint.ordering === 'fifo' ? 'FIFO: one at a time, in publish order' : 'Unordered'}</dd>
        <dt>Max concurrency</dt>
        <dd>
          {endpoint.maxConcurrency} in flight
          {endpoint.ordering === 'fifo' ? <span className="muted"> (FIFO)</span> : null}
        </dd>
        <dt>Headers</dt>
        <dd>
          {headers.length === 0 ? (
            <span className="muted">none</span>
          ) : (
            <ul className="plain-list">
              {headers.map(([k, v]) => (
                <li key={k}>
                  <code>
                    {k}: {v}
                  </code>
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Created</dt>
        <dd>
          <Time iso={endpoint.createdAt} />
        </dd>
        <dt>Updated</dt>
        <dd>
          <Time iso={endpoint.updatedAt} />
        </dd>
      </dl>
    </section>
  );
}
