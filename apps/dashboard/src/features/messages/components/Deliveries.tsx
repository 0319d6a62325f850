import type { Delivery } from '@herald/contracts';
import { useState } from 'react';
import { errorMessage } from '../../../lib/http.ts';
import { Link } from '../../../lib/router.tsx';
import { StatusBadge } from '../../../lib/ui/Badge.tsx';
import { Empty, Notice } from '../../../lib/ui/State.tsx';
import { Time } from '../../../lib/ui/Time.tsx';
import { useResend } from '../api/messages.ts';

/** Per endpoint: state, attempts so far, next attempt, and Resend (one more attempt now). */
export function Deliveries({
  app,
  msg,
  deliveries,
  endpointLink,
  onResent,
  selected,
  onSelect,
}: {
  app: string;
  msg: string;
  deliveries: Delivery[];
  endpointLink: (endpointId: string) => string;
  onResent: () => void;
  /** the delivery whose attempts are shown */
  selected: string | null;
  onSelect: (endpointId: string) => void;
}) {
  const resend = useResend(app, msg);
  const [resent, setResent] = useState<string | null>(null);
  if (deliveries.length === 0) {
    return (
      <Empty title="Not sent anywhere">
        No enabled endpoint of this application subscribed to this event type and channel when it was
        published.
      </Empty>
    );
  }
  return (
    <>
      <table className="table table-cards">
        <thead>
          <tr>
            <th scope="col">Endpoint</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Next attempt</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d) => {
            const busy = resend.isPending && resend.variables === d.endpointId;
            return (
              <tr
                key={d.endpointId}
                className={d.endpointId === selected && deliveries.length > 1 ? 'is-selected' : undefined}
              >
                <td className="cell-main" data-label="Endpoint">
                  <Link to={endpointLink(d.endpointId)} className="url">
                    {d.url}
                  </Link>
                </td>
                <td className="cell-status" data-label="Status">
                  <StatusBadge status={d.status} />
                </td>
                <td data-label="Attempts">{d.attempts}</td>
                <td data-label="Next attempt" className={d.nextAttemptAt ? undefined : 'cell-empty'}>
                  {d.nextAttemptAt ? <Time iso={d.nextAttemptAt} /> : <span className="muted">–</span>}
                </td>
                <td className="cell-actions">
                  {deliveries.length > 1 ? (
                    <button
                      type="button"
                      className="button button-small button-ghost"
                      aria-pressed={d.endpointId === selected}
                      aria-label={`Show attempts to ${d.url}`}
                      onClick={() => onSelect(d.endpointId)}
                    >
                      Attempts
                    </button>
                  ) : null}
                  {/* aria-disabled, not disabled: a disabled button drops the focus to <body> */}
                  <button
                    type="button"
                    className="button button-small"
                    aria-disabled={busy}
                    aria-label={`Resend to ${d.url}`}
                    onClick={() => {
                      if (busy) return;
                      resend.mutate(d.endpointId, {
                        onSuccess: () => {
                          setResent(d.url);
                          onSelect(d.endpointId);
                          onResent();
                        },
                      });
                    }}
                  >
                    {busy ? 'Resending…' : 'Resend'}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {resend.isError ? <Notice kind="error">{errorMessage(resend.error)}</Notice> : null}
      {resent && !resend.isError ? (
        <Notice kind="success">Queued one more attempt to {resent}.</Notice>
      ) : null}
    </>
  );
}
