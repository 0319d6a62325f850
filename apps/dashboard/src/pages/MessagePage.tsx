import { useEffect, useState } from 'react';
import { unfinished, useAttempts, useDeliveries, useMessage } from '../features/messages/api/messages.ts';
import { AttemptTimeline } from '../features/messages/components/AttemptTimeline.tsx';
import { Deliveries } from '../features/messages/components/Deliveries.tsx';
import { prettyJson } from '../lib/format.ts';
import { Link } from '../lib/router.tsx';
import { CodeBlock } from '../lib/ui/Code.tsx';
import { CopyButton } from '../lib/ui/CopyButton.tsx';
import { JsonView } from '../lib/ui/JsonView.tsx';
import { ErrorState, Loading } from '../lib/ui/State.tsx';
import { Time } from '../lib/ui/Time.tsx';
import { AppLayout } from './AppLayout.tsx';
import { lastLog } from './last-log.ts';
import type { Scope } from './scope.ts';

/** After a resend, keep refreshing until its attempt shows up (at most this long). */
const WATCH_MS = 20_000;

export function MessagePage({ app, msg, scope }: { app: string; msg: string; scope: Scope }) {
  const base = `/apps/${encodeURIComponent(app)}`;
  const message = useMessage(app, msg);
  const [watch, setWatch] = useState<{ seen: number } | null>(null);
  const deliveries = useDeliveries(app, msg, watch !== null);
  const live = watch !== null || !deliveries.data || unfinished(deliveries.data);
  const attempts = useAttempts(app, msg, live);
  const seen = attempts.data?.length ?? 0;
  // the delivery whose attempts are shown: the one picked, else the first failed one, else the first
  const [picked, setPicked] = useState<string | null>(null);
  const ds = deliveries.data ?? [];
  const selected =
    ds.find((d) => d.endpointId === picked) ?? ds.find((d) => d.status === 'failed') ?? ds[0] ?? null;

  useEffect(() => {
    if (!watch) return;
    if (seen > watch.seen) return setWatch(null);
    const t = setTimeout(() => setWatch(null), WATCH_MS);
    return () => clearTimeout(t);
  }, [watch, seen]);

  let body: React.ReactNode;
  if (message.isPending) body = <Loading label="Loading message…" />;
  else if (message.isError) body = <ErrorState error={message.error} retry={message.refetch} />;
  else {
    const m = message.data;
    body = (
      <>
        <header className="page-header">
          <div className="page-header-row">
            <div className="page-header-text">
              <h1>{m.eventType}</h1>
              <div className="page-meta">
                <IdWithCopy id={m.id} what="message id" />
                <span>
                  published <Time iso={m.timestamp} />
                </span>
                {m.eventId ? (
                  <span>
                    event id <IdWithCopy id={m.eventId} what="event id" />
                  </span>
                ) : null}
                {m.requestId ? (
                  <span title="x-request-id of the publish: search the api and worker logs for it">
                    request id <IdWithCopy id={m.requestId} what="request id" />
                  </span>
                ) : null}
                {m.channels.length > 0 ? (
                  <span className="chips">
                    {m.channels.map((c) => (
                      <span key={c} className="chip">
                        {c}
                      </span>
                    ))}
                  </span>
                ) : null}
              </div>
            </div>
          </div>
        </header>
        <div className="stack-lg">
          <section className="card" aria-labelledby="deliveries-title">
            <h2 id="deliveries-title">Deliveries</h2>
            {deliveries.isPending ? (
              <Loading />
            ) : deliveries.isError ? (
              <ErrorState error={deliveries.error} retry={deliveries.refetch} />
            ) : (
              <Deliveries
                app={app}
                msg={msg}
                deliveries={deliveries.data}
                endpointLink={(id) => `${base}/endpoints/${encodeURIComponent(id)}`}
                onResent={() => setWatch({ seen })}
                selected={selected?.endpointId ?? null}
                onSelect={setPicked}
              />
            )}
          </section>
          <div className="layout-split layout-split-even">
            <section className="card" aria-labelledby="attempts-title">
              <h2 id="attempts-title">Attempts</h2>
              {selected && ds.length > 1 ? (
                <p className="muted small">
                  to <span className="url">{selected.url}</span>
                </p>
              ) : null}
              {attempts.isPending || deliveries.isPending ? (
                <Loading />
              ) : attempts.isError ? (
                <ErrorState error={attempts.error} retry={attempts.refetch} />
              ) : (
                <AttemptTimeline
                  attempts={attempts.data.filter((a) => !selected || a.endpointId === selected.endpointId)}
                  deliveries={selected ? [selected] : []}
                  message={m}
                />
              )}
            </section>
            <section className="card sticky" aria-labelledby="payload-title">
              <h2 id="payload-title">Payload</h2>
              <CodeBlock label="JSON" copyLabel="Copy payload" text={prettyJson(m.payload)}>
                <JsonView value={m.payload} />
              </CodeBlock>
            </section>
          </div>
        </div>
      </>
    );
  }
  return (
    <AppLayout app={app} tab="messages" scope={scope}>
      <nav aria-label="Back" className="back">
        <Link to={lastLog(app)}>← Messages</Link>
      </nav>
      {body}
    </AppLayout>
  );
}

function IdWithCopy({ id, what }: { id: string; what: string }) {
  return (
    <span className="id-copy">
      <code>{id}</code>
      <CopyButton text={id} label={`Copy ${what}`} />
    </span>
  );
}
