import type { Attempt, Delivery, Message } from '@herald/contracts';
import { formatDateTime, formatDuration, prettyBody, prettyJson } from '../../../lib/format.ts';
import { Badge, HttpStatus } from '../../../lib/ui/Badge.tsx';
import { CodeBlock } from '../../../lib/ui/Code.tsx';
import { Empty } from '../../../lib/ui/State.tsx';
import { Time } from '../../../lib/ui/Time.tsx';

/** The body every attempt sends, as the contract defines it (type, timestamp, data). */
function requestBody(m: Message) {
  return prettyJson({ type: m.eventType, timestamp: m.timestamp, data: m.payload });
}

function AttemptItem({
  a,
  message,
  showUrl,
  open,
}: {
  a: Attempt;
  message: Message;
  showUrl: boolean;
  /** the latest failed attempt starts unfolded: it is what a reader came for */
  open: boolean;
}) {
  const headers = Object.entries(a.requestHeaders)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  return (
    <li className={`timeline-item timeline-${a.status}`}>
      <span className="timeline-dot" aria-hidden="true" />
      <div className="timeline-body">
        <div className="timeline-head">
          <strong>Attempt {a.attempt}</strong>
          <Badge tone={a.status === 'succeeded' ? 'success' : 'danger'}>{a.status}</Badge>
          <HttpStatus code={a.responseStatusCode} />
          {a.trigger === 'manual' ? <Badge tone="info">manual</Badge> : null}
          <span className="muted">{formatDuration(a.durationMs)}</span>
          <span className="timeline-time muted">
            <Time iso={a.timestamp} /> · {formatDateTime(a.timestamp)}
          </span>
        </div>
        {showUrl ? <div className="muted small url">{a.url}</div> : null}
        {a.error ? <p className="timeline-error">{a.error}</p> : null}
        <details className="disclosure" open={open}>
          <summary>Request and response</summary>
          <div className="disclosure-body">
            <CodeBlock
              label={`POST ${a.url}`}
              copyLabel="Copy request headers"
              text={headers || '(none recorded)'}
            />
            <CodeBlock label="Request body" copyLabel="Copy request body" text={requestBody(message)} />
            {a.responseHeaders && Object.keys(a.responseHeaders).length > 0 ? (
              <CodeBlock
                label="Response headers"
                copyLabel="Copy response headers"
                text={Object.entries(a.responseHeaders)
                  .map(([k, v]) => `${k}: ${v}`)
                  .join('\n')}
                wrap
              />
            ) : null}
            {a.responseBody === null ? (
              <p className="muted small">
                No response body{a.responseStatusCode === null ? ' (no response)' : ''}.
              </p>
            ) : (
              <CodeBlock
                label={
                  a.truncated ? 'Response body (truncated: only the first part was kept)' : 'Response body'
                }
                copyLabel="Copy response body"
                text={prettyBody(a.responseBody) || '(empty)'}
                wrap
              />
            )}
          </div>
        </details>
      </div>
    </li>
  );
}

/** Every attempt in order; deliveries still under way end with their next scheduled attempt. */
export function AttemptTimeline({
  attempts,
  deliveries,
  message,
}: {
  attempts: Attempt[];
  deliveries: Delivery[];
  message: Message;
}) {
  const ordered = [...attempts].sort(
    (a, b) => a.timestamp.localeCompare(b.timestamp) || a.id.localeCompare(b.id),
  );
  const upcoming = deliveries.filter(
    (d) => d.nextAttemptAt && (d.status === 'pending' || d.status === 'sending'),
  );
  const showUrl = new Set(deliveries.map((d) => d.endpointId)).size > 1;
  if (ordered.length === 0 && upcoming.length === 0) {
    return (
      <Empty title="No attempts yet">
        The first attempt is made as soon as a worker picks the delivery up.
      </Empty>
    );
  }
  return (
    <ol className="timeline" aria-label="Attempts">
      {ordered.map((a, i) => (
        <AttemptItem
          key={a.id}
          a={a}
          message={message}
          showUrl={showUrl}
          open={i === ordered.length - 1 && a.status === 'failed'}
        />
      ))}
      {upcoming.map((d) => (
        <li key={d.endpointId} className="timeline-item timeline-next">
          <span className="timeline-dot" aria-hidden="true" />
          <div className="timeline-body">
            <div className="timeline-head">
              <strong>Next attempt</strong>
              <Badge tone="warning">{d.status}</Badge>
              <span className="muted">
                <Time iso={d.nextAttemptAt!} />
              </span>
            </div>
            {showUrl ? <div className="muted small url">{d.url}</div> : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
