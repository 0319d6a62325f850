import { useMemo } from 'react';
import { formatCount, formatDuration, formatPercent } from '../../../lib/format.ts';
import { Link, setQuery } from '../../../lib/router.tsx';
import { HttpStatus, StatusBadge } from '../../../lib/ui/Badge.tsx';
import { Empty, ErrorState, Loading } from '../../../lib/ui/State.tsx';
import { Time } from '../../../lib/ui/Time.tsx';
import { useEndpointSeries, useEndpointStats, useLatestAttempts } from '../api/endpoints.ts';
import { LatencyChart, SuccessRateChart } from './Charts.tsx';
import { type RangeKey, ranges, toBuckets } from './series.ts';

function Stat({ label, value, tone }: { label: string; value: string; tone?: string }) {
  return (
    <div className={`stat ${tone ? `stat-${tone}` : ''}`}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** The 24 h numbers from the stats route. */
export function StatsSummary({ app, endpoint }: { app: string; endpoint: string }) {
  const stats = useEndpointStats(app, endpoint);
  if (stats.isPending) return <Loading label="Loading stats…" />;
  if (stats.isError) return <ErrorState error={stats.error} retry={stats.refetch} />;
  const s = stats.data;
  const rateTone =
    s.successRate === null
      ? undefined
      : s.successRate >= 0.95
        ? 'good'
        : s.successRate >= 0.8
          ? 'warn'
          : 'bad';
  return (
    <dl className="stats">
      <Stat
        label="Success (24 h)"
        value={formatPercent(s.successRate)}
        {...(rateTone ? { tone: rateTone } : {})}
      />
      <Stat label="Delivered" value={formatCount(s.counts.succeeded)} />
      <Stat
        label="Failed"
        value={formatCount(s.counts.failed)}
        {...(s.counts.failed > 0 ? { tone: 'bad' } : {})}
      />
      <Stat label="Pending" value={formatCount(s.counts.pending)} />
      <Stat label="Latency p50" value={formatDuration(s.latencyMs.p50)} />
      <Stat label="Latency p99" value={formatDuration(s.latencyMs.p99)} />
    </dl>
  );
}

/** The endpoint's latest attempts, whatever the chart range. */
function LatestAttempts({ app, endpoint }: { app: string; endpoint: string }) {
  const q = useLatestAttempts(app, endpoint);
  if (q.isPending) return <Loading label="Loading attempts…" />;
  if (q.isError) return <ErrorState error={q.error} retry={q.refetch} />;
  if (q.data.length === 0) return null;
  return (
    <>
      <h3 className="subhead">Latest attempts</h3>
      <table className="table table-compact table-cards" aria-label="Latest attempts">
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Response</th>
            <th scope="col">Duration</th>
            <th scope="col">Message</th>
            <th scope="col">When</th>
          </tr>
        </thead>
        <tbody>
          {q.data.map((a) => (
            <tr key={a.id}>
              <td className="cell-status">
                <StatusBadge status={a.status} />
              </td>
              <td data-label="Response">
                <HttpStatus code={a.responseStatusCode} />
                {a.error ? <span className="muted small"> {a.error}</span> : null}
              </td>
              <td data-label="Duration">{formatDuration(a.durationMs)}</td>
              <td data-label="Message">
                <Link to={`/apps/${encodeURIComponent(app)}/messages/${encodeURIComponent(a.messageId)}`}>
                  <code>{a.messageId}</code>
                </Link>
              </td>
              <td data-label="When">
                <Time iso={a.timestamp} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/**
 * Charts of success rate and latency over the chosen range (in the URL), counted by the server per
 * bucket, and the latest attempts.
 */
export function ActivityPanel({ app, endpoint, range }: { app: string; endpoint: string; range: RangeKey }) {
  const spec = ranges[range];
  const q = useEndpointSeries(app, endpoint, range, spec.buckets);
  const buckets = useMemo(() => toBuckets(q.data?.series ?? []), [q.data]);

  const header = (
    <div className="card-head">
      <h2 id="activity-title">Activity</h2>
      <fieldset className="segmented">
        <legend className="visually-hidden">Chart range</legend>
        {(Object.keys(ranges) as RangeKey[]).map((k) => (
          <button
            key={k}
            type="button"
            className="segmented-item"
            aria-pressed={k === range}
            onClick={() => setQuery({ range: k === '24h' ? null : k })}
          >
            {k}
          </button>
        ))}
      </fieldset>
    </div>
  );

  let charts: React.ReactNode;
  if (q.isPending) charts = <Loading label="Loading activity…" />;
  else if (q.isError) charts = <ErrorState error={q.error} retry={q.refetch} />;
  else {
    const { attempts, successRate, latencyMs } = q.data;
    const total = attempts.succeeded + attempts.failed;
    const period = spec.label.toLowerCase();
    charts =
      total === 0 ? (
        <Empty title={`No attempts in ${period}`}>Charts appear once deliveries are made.</Empty>
      ) : (
        <div className="charts">
          <SuccessRateChart
            buckets={buckets}
            summary={`${formatPercent(successRate)} of ${formatCount(total)} attempts, ${period}`}
          />
          <LatencyChart
            buckets={buckets}
            summary={`median ${formatDuration(latencyMs.p50)}, p99 ${formatDuration(latencyMs.p99)}`}
          />
        </div>
      );
  }
  return (
    <section className="card" aria-labelledby="activity-title">
      {header}
      {charts}
      <LatestAttempts app={app} endpoint={endpoint} />
    </section>
  );
}
