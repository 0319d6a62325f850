import type { ReactNode } from 'react';

/** Objects and arrays with more entries than this start folded (below the top level). */
const FOLD_OVER = 8;

function Scalar({ value }: { value: unknown }) {
  if (value === null) return <span className="json-null">null</span>;
  if (typeof value === 'string') return <span className="json-string">{JSON.stringify(value)}</span>;
  if (typeof value === 'number') return <span className="json-number">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="json-boolean">{String(value)}</span>;
  return <span>{JSON.stringify(value)}</span>;
}

function Node({
  name,
  value,
  depth,
  last,
}: {
  name: ReactNode;
  value: unknown;
  depth: number;
  last: boolean;
}) {
  const comma = last ? '' : ',';
  if (value === null || typeof value !== 'object') {
    return (
      <div className="json-line">
        {name}
        <Scalar value={value} />
        {comma}
      </div>
    );
  }
  const isArray = Array.isArray(value);
  const entries: Array<[string, unknown]> = isArray
    ? (value as unknown[]).map((v, i) => [String(i), v])
    : Object.entries(value as Record<string, unknown>);
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) {
    return (
      <div className="json-line">
        {name}
        {open}
        {close}
        {comma}
      </div>
    );
  }
  const summary = `${entries.length} ${isArray ? (entries.length === 1 ? 'item' : 'items') : entries.length === 1 ? 'key' : 'keys'}`;
  return (
    <details className="json-node" open={depth === 0 || entries.length <= FOLD_OVER}>
      <summary>
        {name}
        {open}
        <span className="json-fold">
          {' '}
          … {summary} {close}
          {comma}
        </span>
      </summary>
      <div className="json-children">
        {entries.map(([k, v], i) => (
          <Node
            key={k}
            name={isArray ? null : <span className="json-key">{JSON.stringify(k)}: </span>}
            value={v}
            depth={depth + 1}
            last={i === entries.length - 1}
          />
        ))}
      </div>
      <div className="json-line json-close">
        {close}
        {comma}
      </div>
    </details>
  );
}

/** A JSON value as a tree whose objects and arrays fold (native <details>, so keyboard and screen readers work). */
export function JsonView({ value }: { value: unknown }) {
  return (
    <code className="json">
      <Node name={null} value={value} depth={0} last />
    </code>
  );
}
