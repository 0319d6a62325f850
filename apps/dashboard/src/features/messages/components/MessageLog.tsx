import { formatTimeOfDay } from '../../../lib/format.ts';
import { errorMessage } from '../../../lib/http.ts';
import type { MessageFilters } from '../../../lib/query-keys.ts';
import { Link } from '../../../lib/router.tsx';
import { CodeBlock } from '../../../lib/ui/Code.tsx';
import { LoadMore } from '../../../lib/ui/LoadMore.tsx';
import { Empty, ErrorState, Loading } from '../../../lib/ui/State.tsx';
import { Time } from '../../../lib/ui/Time.tsx';
import { useMessages } from '../api/messages.ts';
import { DeliverySummary } from './DeliverySummary.tsx';

function NoMessages({ app, filtered, onClear }: { app: string; filtered: boolean; onClear: () => void }) {
  if (filtered) {
    return (
      <Empty
        title="No messages match these filters"
        action={
          <button type="button" className="button" onClick={onClear}>
            Clear filters
          </button>
        }
      />
    );
  }
  const origin = window.location.origin;
  return (
    <Empty title="No messages yet">
      <p>Publish one through the API; it shows up here within seconds.</p>
      <CodeBlock
        label="shell"
        copyLabel="Copy command"
        text={`curl -X POST ${origin}/v1/apps/${app}/messages \\
  -H "Authorization: Bearer $HERALD_API_KEY" -H 'content-type: application/json' \\
  -d '{"eventType": "invoice.paid", "payload": {"id": "inv_1", "amount": 4200}}'`}
      />
    </Empty>
  );
}

/**
 * The delivery log, newest first. Every filter, the endpoint included, is applied by the server; each
 * row's delivery state comes with the list (`withDeliveries`), so a page is one request.
 */
export function MessageLog({
  app,
  filters,
  endpointId,
  live,
  onClearFilters,
}: {
  app: string;
  filters: MessageFilters;
  /** the id of the endpoint filter (it may name the endpoint by uid): its delivery is the row's state */
  endpointId?: string | undefined;
  live: boolean;
  onClearFilters: () => void;
}) {
  const q = useMessages(app, filters, live);

  if (q.isPending) {
    // say that the first answer failed and is being asked again, rather than spinning in silence
    return (
      <Loading
        label={
          q.failureCount > 0
            ? `Loading messages… (${errorMessage(q.failureReason)}; trying again)`
            : 'Loading messages…'
        }
      />
    );
  }
  // a failed first load has nothing to keep; a failed refresh keeps every row (below)
  if (q.isError && !q.data) return <ErrorState error={q.error} retry={q.refetch} />;

  const rows = q.data.pages.flatMap((p) => p.data);
  const filtered = Object.values(filters).some(Boolean);

  if (rows.length === 0 && !q.hasNextPage)
    return <NoMessages app={app} filtered={filtered} onClear={onClearFilters} />;

  const refreshFailed = q.isRefetchError || (q.failureCount > 0 && q.isFetching);
  return (
    <>
      {refreshFailed ? (
        <RefreshPaused
          error={q.error ?? q.failureReason}
          live={live}
          since={q.dataUpdatedAt}
          retry={() => q.refetch()}
        />
      ) : null}
      <div className={q.isPlaceholderData ? 'card card-flush is-stale' : 'card card-flush'}>
        <table className="table table-log table-cards" aria-label="Messages" aria-busy={q.isPlaceholderData}>
          <thead>
            <tr>
              <th scope="col">Event type</th>
              <th scope="col">Message</th>
              <th scope="col">Channels</th>
              <th scope="col">Delivery</th>
              <th scope="col">Published</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => {
              const to = `/apps/${encodeURIComponent(app)}/messages/${encodeURIComponent(m.id)}`;
              return (
                <tr key={m.id}>
                  <td className="cell-main" data-label="Event type">
                    <Link to={to} className="strong-link">
                      {m.eventType}
                    </Link>
                  </td>
                  <td data-label="Message">
                    <code className="muted">{m.id}</code>
                    {m.eventId ? <div className="muted small">event {m.eventId}</div> : null}
                  </td>
                  <td data-label="Channels" className={m.channels.length === 0 ? 'cell-empty' : undefined}>
                    {m.channels.length === 0 ? (
                      <span className="muted">–</span>
                    ) : (
                      <span className="chips">
                        {m.channels.map((c) => (
                          <span key={c} className="chip">
                            {c}
                          </span>
                        ))}
                      </span>
                    )}
                  </td>
                  <td data-label="Delivery" className="cell-status">
                    <DeliverySummary deliveries={m.deliveries} endpoint={endpointId} />
                  </td>
                  <td data-label="Published" className="cell-time">
                    <Time iso={m.timestamp} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="table-footer">
          <span className="muted small">
            {rows.length} message{rows.length === 1 ? '' : 's'} loaded
          </span>
          {q.hasNextPage ? (
            <LoadMore query={q} label="Load older" />
          ) : (
            <span className="muted small">That is all.</span>
          )}
        </div>
      </div>
    </>
  );
}

/** A refresh failed: the rows stay, and the user is told they are not live until it works again. */
function RefreshPaused({
  error,
  live,
  since,
  retry,
}: {
  error: unknown;
  live: boolean;
  since: number;
  retry: () => void;
}) {
  return (
    <div className="banner banner-warning" role="status">
      <span>
        <strong>{live ? 'Live updates paused.' : 'Refresh failed.'}</strong> {errorMessage(error)}.{' '}
        {live ? 'Retrying every few seconds; ' : ''}
        the rows below are from {formatTimeOfDay(new Date(since))}.
      </span>
      <button type="button" className="button button-small" onClick={retry}>
        Retry now
      </button>
    </div>
  );
}
