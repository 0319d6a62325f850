import { useMemo } from 'react';
import { formatCount, formatDuration, formatPercent } from '../../../lib/format.ts';
import { Link, setQuery } from '../../../lib/router.tsx';
import { HttpStatus, StatusBadge } from '../../../lib/ui/Badge.tsx';
import { Empty, ErrorState, Loading } from '../../../lib/ui/State.tsx';
import { Time } from '../../../lib/ui/Time.tsx';
import { ATTEMPT_SAMPLE, useEndpointAttempts, useEndpointStats } from '../api/endpoints.ts';
import { LatencyChart, SuccessRateChart } from './Charts.tsx';
import { bucketAttempts, type RangeKey, ranges } from './series.ts';

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

/** Charts of success rate and latency over the chosen range (in the URL), and the latest attempts. */
export function ActivityPanel({ app, endpoint, range }: { app: string; endpoint: string; range: RangeKey }) {
  const spec = ranges[range];
  // buckets on round times (every 5 min, 15 min or hour); the window ends with the current bucket,
  // so the query key stays the same until a new bucket begins
  const size = spec.ms / spec.buckets;
  const until = Math.ceil((Date.now() + 1) / size) * size;
  const since = new Date(until - spec.ms).toISOString();
  const q = useEndpointAttempts(app, endpoint, since);
  const buckets = useMemo(
    () => (q.data ? bucketAttempts(q.data.attempts, until, spec.ms, spec.buckets) : []),
    [q.data, until, spec],
  );

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

  let body: React.ReactNode;
  if (q.isPending) body = <Loading label="Loading attempts…" />;
  else if (q.isError) body = <ErrorState error={q.error} retry={q.refetch} />;
  else if (q.data.attempts.length === 0)
    body = (
      <Empty title={`No attempts in ${spec.label.toLowerCase()}`}>
        Charts appear once deliveries are made.
      </Empty>
    );
  else {
    const all = q.data.attempts;
    const ok = all.filter((a) => a.status === 'succeeded').length;
    const sorted = all.map((a) => a.durationMs).sort((a, b) => a - b);
    const median = sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
    const sample = q.data.capped ? ` (latest ${formatCount(ATTEMPT_SAMPLE)})` : '';
    body = (
      <>
        <div className="charts">
          <SuccessRateChart
            buckets={buckets}
            summary={`${formatPercent(ok / all.length)} of ${formatCount(all.length)} attempts${sample}, ${spec.label.toLowerCase()}`}
          />
          <LatencyChart buckets={buckets} summary={`median ${formatDuration(median)}${sample}`} />
        </div>
        <h3 className="subhead">Latest attempts</h3>
        <table className="table table-compact">
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
            {all.slice(0, 8).map((a) => (
              <tr key={a.id}>
                <td>
                  <StatusBadge status={a.status} />
                </td>
                <td>
                  <HttpStatus code={a.responseStatusCode} />
                  {a.error ? <span className="muted small"> {a.error}</span> : null}
                </td>
                <td>{formatDuration(a.durationMs)}</td>
                <td>
                  <Link to={`/apps/${encodeURIComponent(app)}/messages/${encodeURIComponent(a.messageId)}`}>
                    <code>{a.messageId}</code>
                  </Link>
                </td>
                <td>
                  <Time iso={a.timestamp} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </>
    );
  }
  return (
    <section className="card" aria-labelledby="activity-title">
      {header}
      {body}
    </section>
  );
}
