import type { Endpoint } from '@herald/contracts';
import { formatCount, formatPercent } from '../../../lib/format.ts';
import { Link } from '../../../lib/router.tsx';
import { LoadMore } from '../../../lib/ui/LoadMore.tsx';
import { Empty, ErrorState, Loading } from '../../../lib/ui/State.tsx';
import { Time } from '../../../lib/ui/Time.tsx';
import { useEndpointStats, useEndpoints } from '../api/endpoints.ts';
import { EndpointState } from './EndpointState.tsx';

export function EventTypeChips({ types }: { types: string[] }) {
  if (types.length === 0) return <span className="muted">All event types</span>;
  const shown = types.slice(0, 3);
  return (
    <span className="chips">
      {shown.map((t) => (
        <span key={t} className="chip">
          {t}
        </span>
      ))}
      {types.length > shown.length ? (
        <span className="chip chip-more">+{types.length - shown.length}</span>
      ) : null}
    </span>
  );
}

/**
 * Successes and failures side by side in one bar (green, then red), so 0 % with 124 failures is a red
 * bar, not an empty grey one that reads as "no data".
 */
function RateBar({ succeeded, failed, tone }: { succeeded: number; failed: number; tone: string }) {
  const total = succeeded + failed;
  const ok = total === 0 ? 0 : (succeeded / total) * 100;
  return (
    <span className={`rate-bar rate-${tone}`} aria-hidden="true">
      <span className="rate-ok" style={{ width: `${ok}%` }} />
      <span className="rate-failed" style={{ width: `${total === 0 ? 0 : 100 - ok}%` }} />
    </span>
  );
}

/** Success rate as a small meter and the time of the last attempt, from the endpoint's 24 h stats. */
function Health({ app, endpoint }: { app: string; endpoint: Endpoint }) {
  const stats = useEndpointStats(app, endpoint.id);
  if (stats.isPending)
    return (
      <td colSpan={2} className="muted" data-label="Success (24 h)">
        …
      </td>
    );
  if (stats.isError)
    return (
      <td colSpan={2} className="muted" data-label="Success (24 h)">
        stats unavailable
      </td>
    );
  // the bar and its numbers count attempts, as the rate does (a delivery still retrying is "pending")
  const { successRate, lastAttemptAt, attempts } = stats.data;
  const tone = successRate === null ? '' : successRate >= 0.95 ? 'good' : successRate >= 0.8 ? 'warn' : 'bad';
  return (
    <>
      <td data-label="Success (24 h)">
        {successRate === null ? (
          <span className="muted">no deliveries</span>
        ) : (
          <span
            className="rate"
            title={`${attempts.succeeded} attempts succeeded, ${attempts.failed} failed in 24 h`}
          >
            <RateBar succeeded={attempts.succeeded} failed={attempts.failed} tone={tone} />
            <span className="rate-value">{formatPercent(successRate)}</span>
            <span className="muted small">
              {formatCount(attempts.succeeded)} ok · {formatCount(attempts.failed)} failed
            </span>
          </span>
        )}
      </td>
      <td data-label="Last attempt">
        {lastAttemptAt ? <Time iso={lastAttemptAt} /> : <span className="muted">never</span>}
      </td>
    </>
  );
}

export function EndpointList({ app, addAction }: { app: string; addAction: React.ReactNode }) {
  const q = useEndpoints(app);
  if (q.isPending) return <Loading label="Loading endpoints…" />;
  if (q.isError) return <ErrorState error={q.error} retry={q.refetch} />;
  const endpoints = q.data.pages.flatMap((p) => p.data);
  if (endpoints.length === 0) {
    return (
      <Empty title="No endpoints yet" action={addAction}>
        An endpoint is a URL that receives this application's webhooks, signed with its own secret.
      </Empty>
    );
  }
  return (
    <div className="card card-flush">
      <table className="table table-cards" aria-label="Endpoints">
        <thead>
          <tr>
            <th scope="col">Endpoint</th>
            <th scope="col">Event types</th>
            <th scope="col">Status</th>
            <th scope="col">Success (24 h)</th>
            <th scope="col">Last attempt</th>
          </tr>
        </thead>
        <tbody>
          {endpoints.map((e) => (
            <tr key={e.id}>
              <td className="cell-main" data-label="Endpoint">
                <Link
                  to={`/apps/${encodeURIComponent(app)}/endpoints/${encodeURIComponent(e.id)}`}
                  className="strong-link url"
                >
                  {e.url}
                </Link>
                {e.description ? <div className="muted small">{e.description}</div> : null}
              </td>
              <td data-label="Event types">
                <EventTypeChips types={e.eventTypes} />
                {e.channels.length > 0 ? (
                  <div className="chips endpoint-channels" title="only messages on these channels">
                    <span className="muted small">channels</span>
                    {e.channels.map((c) => (
                      <span key={c} className="chip">
                        {c}
                      </span>
                    ))}
                  </div>
                ) : null}
              </td>
              <td className="cell-status" data-label="Status">
                <EndpointState endpoint={e} layout="stacked" />
              </td>
              <Health app={app} endpoint={e} />
            </tr>
          ))}
        </tbody>
      </table>
      {q.hasNextPage ? (
        <div className="table-footer">
          <LoadMore query={q} />
        </div>
      ) : null}
    </div>
  );
}
