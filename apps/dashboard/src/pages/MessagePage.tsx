import { useEffect, useState } from 'react';
import { unfinished, useAttempts, useDeliveries, useMessage } from '../features/messages/api/messages.ts';
import { AttemptTimeline } from '../features/messages/components/AttemptTimeline.tsx';
import { Deliveries } from '../features/messages/components/Deliveries.tsx';
import { prettyJson } from '../lib/format.ts';
import { Link } from '../lib/router.tsx';
import { CodeBlock } from '../lib/ui/Code.tsx';
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
                <code>{m.id}</code>
                <span>
                  published <Time iso={m.timestamp} />
                </span>
                {m.eventId ? (
                  <span>
                    event id <code>{m.eventId}</code>
                  </span>
                ) : null}
                {m.requestId ? (
                  <span title="x-request-id of the publish: search the api and worker logs for it">
                    request id <code>{m.requestId}</code>
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
              />
            )}
          </section>
          <div className="layout-split layout-split-even">
            <section className="card" aria-labelledby="attempts-title">
              <h2 id="attempts-title">Attempts</h2>
              {attempts.isPending || deliveries.isPending ? (
                <Loading />
              ) : attempts.isError ? (
                <ErrorState error={attempts.error} retry={attempts.refetch} />
              ) : (
                <AttemptTimeline attempts={attempts.data} deliveries={deliveries.data ?? []} message={m} />
              )}
            </section>
            <section className="card sticky" aria-labelledby="payload-title">
              <h2 id="payload-title">Payload</h2>
              <CodeBlock label="JSON" copyLabel="Copy payload" text={prettyJson(m.payload)} />
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
