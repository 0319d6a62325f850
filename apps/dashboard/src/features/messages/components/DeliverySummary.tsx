import type { Delivery } from '@herald/contracts';
import { StatusBadge } from '../../../lib/ui/Badge.tsx';

/** One word for a message across its endpoints: any failure wins, then work under way, then success. */
export function overallStatus(ds: Delivery[]): Delivery['status'] | null {
  if (ds.length === 0) return null;
  if (ds.some((d) => d.status === 'failed')) return 'failed';
  if (ds.some((d) => d.status === 'sending')) return 'sending';
  if (ds.some((d) => d.status === 'pending')) return 'pending';
  return 'succeeded';
}

/**
 * A log row's delivery state, from the deliveries the list brought along. With an endpoint filter,
 * only the delivery to that endpoint counts (the server already kept just the messages meant for it).
 */
export function DeliverySummary({
  deliveries,
  endpoint,
}: {
  deliveries: Delivery[] | undefined;
  /** the id of the endpoint the log is filtered by */
  endpoint?: string | undefined;
}) {
  if (!deliveries) return <span className="muted">unknown</span>;
  const mine = endpoint ? deliveries.filter((d) => d.endpointId === endpoint) : deliveries;
  // filtered by a uid or an endpoint the list does not know by id: show them all rather than nothing
  const ds = endpoint && mine.length === 0 ? deliveries : mine;
  const status = overallStatus(ds);
  if (!status) return <span className="muted">no subscribers</span>;
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
