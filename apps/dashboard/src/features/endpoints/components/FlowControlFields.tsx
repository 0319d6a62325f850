import type { Endpoint } from '@herald/contracts';
import { Field } from '../../../lib/ui/Field.tsx';

/**
 * Ordering and max concurrency, side by side: FIFO sends one at a time, so while it is chosen the
 * limit shows 1 and cannot be edited (form-values sends none).
 */
export function FlowControlFields({
  ordering,
  maxConcurrency,
  onOrdering,
  onMaxConcurrency,
  errors,
  editing,
}: {
  ordering: Endpoint['ordering'];
  /** as typed; empty means the server default (creating only) */
  maxConcurrency: string;
  onOrdering: (v: Endpoint['ordering']) => void;
  onMaxConcurrency: (v: string) => void;
  errors: { ordering?: string | undefined; maxConcurrency?: string | undefined };
  /** an edit cannot go back to the default, so its hint does not offer it */
  editing: boolean;
}) {
  const fifo = ordering === 'fifo';
  return (
    <div className="form-row">
      <Field
        label="Ordering"
        hint="FIFO: one message at a time, in publish order; a failing message blocks the ones behind it until it succeeds or runs out of retries."
        error={errors.ordering}
      >
        {(p) => (
          <select
            {...p}
            value={ordering}
            onChange={(e) => onOrdering(e.target.value === 'fifo' ? 'fifo' : 'unordered')}
          >
            <option value="unordered">Unordered</option>
            <option value="fifo">FIFO</option>
          </select>
        )}
      </Field>
      <Field
        label="Max concurrency"
        hint={
          fifo
            ? 'FIFO sends one at a time.'
            : editing
              ? 'Attempts in flight at most, across all workers: 1 to 1000.'
              : 'Attempts in flight at most, across all workers: 1 to 1000. Empty: the server default.'
        }
        error={errors.maxConcurrency}
      >
        {(p) => (
          <input
            {...p}
            type="number"
            min={1}
            max={1000}
            inputMode="numeric"
            disabled={fifo}
            value={fifo ? '1' : maxConcurrency}
            onChange={(e) => onMaxConcurrency(e.target.value)}
          />
        )}
      </Field>
    </div>
  );
}
