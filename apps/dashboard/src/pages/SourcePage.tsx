import { useSource } from '../features/sources/api/sources.ts';
import { RequestLog } from '../features/sources/components/RequestLog.tsx';
import { ConsumerBadge, eventTypeRule } from '../features/sources/components/SourceList.tsx';
import { Link } from '../lib/router.tsx';
import { Badge } from '../lib/ui/Badge.tsx';
import { CopyButton } from '../lib/ui/CopyButton.tsx';
import { ErrorState, Loading, Notice } from '../lib/ui/State.tsx';
import { Time } from '../lib/ui/Time.tsx';
import { AppLayout } from './AppLayout.tsx';
import type { Scope } from './scope.ts';

export function SourcePage({ app, source, scope }: { app: string; source: string; scope: Scope }) {
  const q = useSource(app, source);
  const base = `/apps/${encodeURIComponent(app)}/sources`;
  let body: React.ReactNode;
  if (q.isPending) body = <Loading label="Loading source…" />;
  else if (q.isError) body = <ErrorState error={q.error} retry={q.refetch} />;
  else {
    const s = q.data;
    // broker sources have no verification: they show as "none" with their broker instead of an ingest URL
    const v = s.verification ?? {
      type: 'none' as const,
      header: null,
      encoding: null,
      prefix: null,
      timestampHeader: null,
      signedContent: null,
    };
    body = (
      <>
        <header className="page-header">
          <div className="page-header-row">
            <div className="page-header-text">
              <h1>{s.name}</h1>
              <div className="page-meta">
                {s.type === 'http' ? (
                  <Badge tone={v.type === 'none' ? 'warning' : 'info'}>{v.type}</Badge>
                ) : null}
                {s.ingestUrl ? (
                  <span>
                    Ingest URL <code>{s.ingestUrl}</code>{' '}
                    <CopyButton text={s.ingestUrl} label="Copy the ingest URL" />
                  </span>
                ) : (
                  <span>
                    <Badge tone="info">{s.type}</Badge> <code>{s.url ?? s.brokers?.join(', ')}</code>
                  </span>
                )}
              </div>
            </div>
            <div className="page-actions">
              <Link className="button" to={`${base}/${encodeURIComponent(s.id)}/edit`}>
                Edit
              </Link>
            </div>
          </div>
        </header>
        {s.consumer ? (
          <div className="stack consumer-block">
            <dl className="card stats settings" aria-label="Consumer">
              <div>
                <dt>Consumer</dt>
                <dd>
                  <ConsumerBadge consumer={s.consumer} />
                </dd>
              </div>
              <div>
                <dt>Workers</dt>
                <dd>{s.consumer.workers}</dd>
              </div>
              <div>
                <dt>Lag</dt>
                <dd>{s.consumer.lag ?? 'not known'}</dd>
              </div>
              <div>
                <dt>Consumed</dt>
                <dd>{s.consumer.consumed}</dd>
              </div>
              <div>
                <dt>Dead-lettered</dt>
                <dd>{s.consumer.deadLettered}</dd>
              </div>
            </dl>
            {s.consumer.lastError ? (
              <Notice kind="error">
                Last error
                {s.consumer.lastErrorAt ? (
                  <>
                    {' '}
                    (<Time iso={s.consumer.lastErrorAt} />)
                  </>
                ) : null}
                : {s.consumer.lastError}
              </Notice>
            ) : null}
          </div>
        ) : null}
        {s.type === 'http' ? (
          <>
            <dl className="card stats settings" aria-label="Source settings">
              <div>
                <dt>Signature header</dt>
                <dd>{v.header ?? '—'}</dd>
              </div>
              {v.type === 'hmac-sha256' ? (
                <>
                  <div>
                    <dt>Encoding</dt>
                    <dd>{v.encoding}</dd>
                  </div>
                  <div>
                    <dt>Prefix</dt>
                    <dd>{v.prefix ?? '—'}</dd>
                  </div>
                  <div>
                    <dt>Signed content</dt>
                    <dd>
                      <code>{v.signedContent}</code>
                    </dd>
                  </div>
                </>
              ) : null}
              <div>
                <dt>Event type</dt>
                <dd>{eventTypeRule(s.eventType)}</dd>
              </div>
              <div>
                <dt>Rate limit</dt>
                <dd>{s.rateLimitPerMinute === null ? 'none' : `${s.rateLimitPerMinute} / min`}</dd>
              </div>
              <div>
                <dt>Largest body</dt>
                <dd>{s.maxBodyBytes === null ? 'server limit' : `${s.maxBodyBytes} bytes`}</dd>
              </div>
            </dl>
            <h2 className="subhead">Inbound requests</h2>
            <RequestLog app={app} source={s.id} />
          </>
        ) : (
          <dl className="card stats settings" aria-label="Source settings">
            {(
              [
                ['Queue', s.queue],
                ['Topic', s.topic],
                ['Stream', s.stream],
                ['Consumer group', s.group],
                ['Durable consumer', s.durable],
                ['Dead letters to', s.deadLetter],
              ] as const
            )
              .filter(([, value]) => value !== undefined)
              .map(([label, value]) => (
                <div key={label}>
                  <dt>{label}</dt>
                  <dd>
                    <code>{value}</code>
                  </dd>
                </div>
              ))}
            <div>
              <dt>Event type</dt>
              <dd>{eventTypeRule(s.eventType)}</dd>
            </div>
          </dl>
        )}
        {s.type === 'http' ? null : (
          <>
            <h2 className="subhead">Dead letters</h2>
            <RequestLog app={app} source={s.id} broker />
          </>
        )}
      </>
    );
  }
  return (
    <AppLayout app={app} tab="sources" scope={scope}>
      <Link to={base} className="back">
        ← Sources
      </Link>
      {body}
    </AppLayout>
  );
}
