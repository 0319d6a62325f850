import type { Delivery } from '@herald/contracts';
import { StatusBadge } from '../../../lib/ui/Badge.tsx';
import { useDeliveries } from '../api/messages.ts';

/** One word for a message across its endpoints: any failure wins, then work under way, then success. */
export function overallStatus(ds: Delivery[]): Delivery['status'] | null {
  if (ds.length === 0) return null;
  if (ds.some((d) => d.status === 'failed')) return 'failed';
  if (ds.some((d) => d.status === 'sending')) return 'sending';
  if (ds.some((d) => d.status === 'pending')) return 'pending';
  return 'succeeded';
}

export function DeliverySummary({
  app,
  msg,
  endpoint,
}: {
  app: string;
  msg: string;
  endpoint?: string | undefined;
}) {
  const q = useDeliveries(app, msg);
  if (q.isPending) return <span className="muted">…</span>;
  if (q.isError) return <span className="muted">unknown</span>;
  const ds = endpoint ? q.data.filter((d) => d.endpointId === endpoint) : q.data;
  const status = overallStatus(ds);
  if (!status) return <span className="muted">{endpoint ? 'not sent there' : 'no subscribers'}</span>;
  const ok = ds.filter((d) => d.status === 'succeeded').length;
  const title = ds.map((d) => `${d.url}: ${d.status}`).join('\n');
  return (
    <span className="delivery-summary">
      <StatusBadge status={status} title={title} />
      {ds.length > 1 ? (
        <span className="muted small">
          {ok}/{ds.length}
        </span>
      ) : null}
    </span>
  );
}
