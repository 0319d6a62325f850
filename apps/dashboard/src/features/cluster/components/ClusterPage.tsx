import type { Instance } from '@herald/contracts';
import { Badge } from '../../../lib/ui/Badge.tsx';
import { PageHeader } from '../../../lib/ui/PageHeader.tsx';
import { Empty, ErrorState, Loading } from '../../../lib/ui/State.tsx';
import { Time } from '../../../lib/ui/Time.tsx';
import { CLUSTER_POLL_MS, useCluster } from '../api/cluster.ts';

const roleLabel: Record<Instance['role'], string> = { api: 'api', worker: 'worker', all: 'api + worker' };

function InstanceRow({ instance: i }: { instance: Instance }) {
  const gone = i.status === 'gone';
  return (
    <tr data-instance={i.id}>
      <td className="cell-main" data-label="Instance">
        <strong>{i.host}</strong>
        <div>
          <code className="muted small">{i.id}</code> <span className="muted small">pid {i.pid}</span>
        </div>
      </td>
      <td data-label="Role">{roleLabel[i.role]}</td>
      <td className="cell-status">
        {gone ? (
          <Badge tone={i.stoppedAt ? 'neutral' : 'danger'} title={i.stoppedAt ? 'stopped' : 'no heartbeat'}>
            {i.stoppedAt ? 'stopped' : 'gone'}
          </Badge>
        ) : (
          <Badge tone="success">up</Badge>
        )}
      </td>
      <td data-label="In flight">{gone ? <span className="muted">–</span> : i.inFlight}</td>
      <td data-label="Version">
        <code className="small">{i.version}</code>
      </td>
      <td className="cell-time" data-label="Started">
        <Time iso={i.startedAt} />
      </td>
      <td className="cell-time" data-label="Last seen">
        <Time iso={i.lastSeenAt} />
      </td>
    </tr>
  );
}

/** Every api and worker process of this Herald, as the service registry sees them. */
export function ClusterPage() {
  const q = useCluster();
  const body = (() => {
    if (q.isPending) return <Loading label="Loading instances…" />;
    if (q.isError) return <ErrorState error={q.error} retry={q.refetch} />;
    const rows = q.data.data;
    if (rows.length === 0) return <Empty title="No instances have registered">Start Herald.</Empty>;
    const up = rows.filter((r) => r.status === 'up');
    const inFlight = up.reduce((n, r) => n + r.inFlight, 0);
    return (
      <div className="card card-flush">
        <table className="table table-cards" aria-label="Instances">
          <thead>
            <tr>
              <th scope="col">Instance</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">In flight</th>
              <th scope="col">Version</th>
              <th scope="col">Started</th>
              <th scope="col">Last seen</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <InstanceRow key={r.id} instance={r} />
            ))}
          </tbody>
        </table>
        <div className="table-footer">
          <span className="muted small" aria-live="polite">
            {up.length} of {rows.length} instance{rows.length === 1 ? '' : 's'} up, {inFlight} deliver
            {inFlight === 1 ? 'y' : 'ies'} in flight (refreshing every {CLUSTER_POLL_MS / 1000} s)
          </span>
        </div>
      </div>
    );
  })();
  return (
    <div className="page">
      <PageHeader
        title="Cluster"
        meta="Every api and worker process heart-beats into PostgreSQL; one that stops heart-beating shows as gone."
      />
      {body}
    </div>
  );
}
