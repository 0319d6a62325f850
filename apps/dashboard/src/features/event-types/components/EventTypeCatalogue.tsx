import type { EventType } from '@herald/contracts';
import { prettyJson } from '../../../lib/format.ts';
import { exampleFromSchema } from '../../../lib/schema-example.ts';
import { CodeBlock } from '../../../lib/ui/Code.tsx';
import { JsonView } from '../../../lib/ui/JsonView.tsx';
import { Empty, ErrorState, Loading } from '../../../lib/ui/State.tsx';
import { useEventTypes } from '../api/event-types.ts';

function EventTypeCard({ type }: { type: EventType }) {
  const example = exampleFromSchema(type.schema);
  const id = `type-${type.name}`;
  return (
    <section className="card event-type" aria-labelledby={id}>
      <h2 id={id}>
        <code>{type.name}</code>
      </h2>
      {type.description ? <p className="muted">{type.description}</p> : null}
      <div className="layout-split layout-split-even">
        <div className="stack">
          <h3>Example payload</h3>
          <CodeBlock label="JSON" copyLabel={`Copy the example of ${type.name}`} text={prettyJson(example)}>
            <JsonView value={example} />
          </CodeBlock>
          <p className="field-hint">
            {type.schema
              ? 'Built from the schema: it passes validation.'
              : 'No schema: any JSON object is accepted.'}
          </p>
        </div>
        <div className="stack">
          <h3>Schema</h3>
          {type.schema ? (
            <CodeBlock
              label="JSON Schema"
              copyLabel={`Copy the schema of ${type.name}`}
              text={prettyJson(type.schema)}
            >
              <JsonView value={type.schema} />
            </CodeBlock>
          ) : (
            <p className="muted">Published payloads of this type are not validated.</p>
          )}
        </div>
      </div>
    </section>
  );
}

/**
 * The event-type catalogue: every type a subscriber can choose, what it means, its JSON Schema and an
 * example payload built from that schema (what the "Send test event" dialog starts from too).
 */
export function EventTypeCatalogue() {
  const q = useEventTypes();
  if (q.isPending) return <Loading label="Loading event types…" />;
  if (q.isError) return <ErrorState error={q.error} retry={q.refetch} />;
  if (q.data.length === 0) {
    return (
      <Empty title="No event types yet">
        Event types are created through the API (<code>POST /v1/event-types</code>); messages may use any name
        until then.
      </Empty>
    );
  }
  return (
    <div className="stack-lg">
      {q.data.map((t) => (
        <EventTypeCard key={t.name} type={t} />
      ))}
    </div>
  );
}

/** The example payload of one event type from the catalogue (`{}` when it has no schema). */
export function useExamplePayload() {
  const q = useEventTypes();
  return (name: string): unknown => exampleFromSchema(q.data?.find((t) => t.name === name)?.schema ?? null);
}
