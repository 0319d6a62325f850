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
}: {
  app: string;
  msg: string;
  deliveries: Delivery[];
  endpointLink: (endpointId: string) => string;
  onResent: () => void;
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
      <table className="table">
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
          {deliveries.map((d) => (
            <tr key={d.endpointId}>
              <td className="cell-main">
                <Link to={endpointLink(d.endpointId)} className="url">
                  {d.url}
                </Link>
              </td>
              <td>
                <StatusBadge status={d.status} />
              </td>
              <td>{d.attempts}</td>
              <td>{d.nextAttemptAt ? <Time iso={d.nextAttemptAt} /> : <span className="muted">–</span>}</td>
              <td className="cell-actions">
                <button
                  type="button"
                  className="button button-small"
                  disabled={resend.isPending && resend.variables === d.endpointId}
                  onClick={() =>
                    resend.mutate(d.endpointId, {
                      onSuccess: () => {
                        setResent(d.url);
                        onResent();
                      },
                    })
                  }
                >
                  Resend
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {resend.isError ? <Notice kind="error">{errorMessage(resend.error)}</Notice> : null}
      {resent && !resend.isError ? (
        <Notice kind="success">Queued one more attempt to {resent}.</Notice>
      ) : null}
    </>
  );
}
