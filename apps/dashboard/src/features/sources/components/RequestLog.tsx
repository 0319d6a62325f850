import type { SourceRequest } from '@herald/contracts';
import { errorMessage } from '../../../lib/http.ts';
import { Link } from '../../../lib/router.tsx';
import { Badge } from '../../../lib/ui/Badge.tsx';
import { CodeBlock } from '../../../lib/ui/Code.tsx';
import { LoadMore } from '../../../lib/ui/LoadMore.tsx';
import { Empty, ErrorState, Loading, Notice } from '../../../lib/ui/State.tsx';
import { Time } from '../../../lib/ui/Time.tsx';
import { useReplayRequest, useSourceRequests } from '../api/sources.ts';

/** A body as kept: pretty JSON when it is JSON, else as received. */
function shownBody(r: SourceRequest): string {
  try {
    return JSON.stringify(JSON.parse(r.body), null, 2);
  } catch {
    return r.body;
  }
}

function RequestRow({
  app,
  source,
  r,
  broker,
}: {
  app: string;
  source: string;
  r: SourceRequest;
  broker: boolean;
}) {
  const replay = useReplayRequest(app, source);
  // a broker source's entries are its dead letters: they wait in the dead-letter target
  const replayable = !broker && r.status === 'rejected' && !r.truncated;
  return (
    <li
      className="card stack request-card"
      aria-label={`${broker ? 'Dead letter' : 'Inbound request'} ${r.id}`}
    >
      <div className="timeline-head">
        <Badge tone={r.status === 'accepted' ? 'success' : 'danger'}>{r.status}</Badge>
        <Time iso={r.receivedAt} />
        <code className="muted small">{r.id}</code>
        {r.replayOf ? <span className="muted small">replay of {r.replayOf}</span> : null}
        {r.messageId ? (
          <Link to={`/apps/${encodeURIComponent(app)}/messages/${encodeURIComponent(r.messageId)}`}>
            message {r.messageId}
          </Link>
        ) : null}
        {replayable ? (
          <button
            type="button"
            className="button button-small"
            disabled={replay.isPending}
            onClick={() => replay.mutate(r.id)}
          >
            {replay.isPending ? 'Replaying…' : 'Replay'}
          </button>
        ) : null}
      </div>
      {r.error ? <p className="timeline-error">{r.error}</p> : null}
      {replay.data ? (
        <Notice kind={replay.data.status === 'accepted' ? 'success' : 'error'}>
          {replay.data.status === 'accepted'
            ? `Replayed: published as ${replay.data.messageId}.`
            : `Replay rejected again: ${replay.data.error}`}
        </Notice>
      ) : null}
      {replay.error ? <Notice kind="error">{errorMessage(replay.error)}</Notice> : null}
      <details className="disclosure">
        <summary>Headers and body{r.truncated ? ' (body not kept in full)' : ''}</summary>
        <CodeBlock label="Headers" text={JSON.stringify(r.headers, null, 2)} copyLabel="Copy the headers" />
        <CodeBlock label="Body" text={shownBody(r)} copyLabel="Copy the body" />
      </details>
    </li>
  );
}

/**
 * Every request the source received, newest first, with its verdict; rejected ones can be replayed.
 * `broker`: the log of a broker source, whose entries are the messages it dead-lettered.
 */
export function RequestLog({
  app,
  source,
  broker = false,
}: {
  app: string;
  source: string;
  broker?: boolean;
}) {
  const q = useSourceRequests(app, source);
  if (q.isPending) return <Loading label="Loading inbound requests…" />;
  if (q.isError) return <ErrorState error={q.error} retry={q.refetch} />;
  const requests = q.data.pages.flatMap((p) => p.data);
  if (requests.length === 0)
    return broker ? (
      <Empty title="No dead letters">Messages this source could not publish show here.</Empty>
    ) : (
      <Empty title="No requests yet">Requests sent to the ingest URL show here, accepted or not.</Empty>
    );
  return (
    <>
      <ul className="stack request-list plain-list" aria-label={broker ? 'Dead letters' : 'Inbound requests'}>
        {requests.map((r) => (
          <RequestRow key={r.id} app={app} source={source} r={r} broker={broker} />
        ))}
      </ul>
      {q.hasNextPage ? <LoadMore query={q} /> : null}
    </>
  );
}
