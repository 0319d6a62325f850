import type { Source, SourceConsumer } from '@herald/contracts';
import { Link } from '../../../lib/router.tsx';
import { Badge } from '../../../lib/ui/Badge.tsx';
import { CopyButton } from '../../../lib/ui/CopyButton.tsx';
import { LoadMore } from '../../../lib/ui/LoadMore.tsx';
import { Empty, ErrorState, Loading } from '../../../lib/ui/State.tsx';
import { useSources } from '../api/sources.ts';

/** Where a source's event type comes from, in words. */
export function eventTypeRule(rule: Source['eventType']): string {
  if ('header' in rule) return `header ${rule.header}`;
  if ('bodyPath' in rule) return `body ${rule.bodyPath}`;
  return rule.fixed;
}

const consumerTone = {
  connected: 'success',
  connecting: 'info',
  disconnected: 'danger',
  stopped: 'neutral',
} as const;

/** A broker source's consumer state as a badge, titled with how many workers consume it. */
export function ConsumerBadge({ consumer }: { consumer: SourceConsumer }) {
  return (
    <Badge
      tone={consumerTone[consumer.state]}
      title={`${consumer.workers} worker${consumer.workers === 1 ? '' : 's'} consuming`}
    >
      {consumer.state}
    </Badge>
  );
}

export function SourceList({ app, addAction }: { app: string; addAction: React.ReactNode }) {
  const q = useSources(app);
  if (q.isPending) return <Loading label="Loading sources…" />;
  if (q.isError) return <ErrorState error={q.error} retry={q.refetch} />;
  const sources = q.data.pages.flatMap((p) => p.data);
  if (sources.length === 0) {
    return (
      <Empty title="No sources yet" action={addAction}>
        A source takes a provider's webhooks (GitHub, Stripe, Shopify, Slack…) at its own URL, checks their
        signature and publishes them as messages of this application; or it consumes a RabbitMQ queue, a Kafka
        topic, a NATS JetStream stream or a Redis stream.
      </Empty>
    );
  }
  // broker sources have a consumer: its state, lag and last error get a column
  const brokered = sources.some((s) => s.consumer);
  return (
    <div className="card card-flush">
      <table className="table table-cards" aria-label="Sources">
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col">Verification</th>
            <th scope="col">Event type</th>
            <th scope="col">Ingest URL or broker</th>
            {brokered ? <th scope="col">Consumer</th> : null}
          </tr>
        </thead>
        <tbody>
          {sources.map((s) => (
            <tr key={s.id}>
              <td className="cell-main" data-label="Source">
                <Link
                  to={`/apps/${encodeURIComponent(app)}/sources/${encodeURIComponent(s.id)}`}
                  className="strong-link"
                >
                  {s.name}
                </Link>
                {s.uid ? <div className="muted small">{s.uid}</div> : null}
              </td>
              <td data-label={s.verification ? 'Signature' : 'Type'}>
                {s.verification ? (
                  <Badge tone={s.verification.type === 'none' ? 'warning' : 'info'}>
                    {s.verification.type}
                  </Badge>
                ) : (
                  <Badge tone="info">{s.type}</Badge>
                )}
              </td>
              <td data-label="Event type">{eventTypeRule(s.eventType)}</td>
              <td data-label={s.ingestUrl ? 'Ingest URL' : 'Broker'}>
                {s.ingestUrl ? (
                  <>
                    <code className="small">{s.ingestUrl}</code>{' '}
                    <CopyButton text={s.ingestUrl} label={`Copy the ingest URL of ${s.name}`} />
                  </>
                ) : (
                  <code className="small">{s.url ?? s.brokers?.join(', ')}</code>
                )}
              </td>
              {brokered ? (
                <td data-label="Consumer" className={s.consumer ? 'cell-consumer' : 'cell-empty'}>
                  {s.consumer ? (
                    <div className="consumer-state">
                      <span>
                        <ConsumerBadge consumer={s.consumer} />{' '}
                        <span className="muted small">
                          lag {s.consumer.lag ?? '–'} · {s.consumer.consumed} consumed
                          {s.consumer.deadLettered > 0 ? ` · ${s.consumer.deadLettered} dead-lettered` : ''}
                        </span>
                      </span>
                      {s.consumer.lastError ? (
                        <span className="cell-error small">{s.consumer.lastError}</span>
                      ) : null}
                    </div>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {q.hasNextPage ? (
        <div className="table-footer">
          <LoadMore query={q} />
        </div>
      ) : null}
    </div>
  );
}
