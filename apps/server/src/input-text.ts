import type { FieldError } from './errors.ts';

/** One string of decoded input: a value (numbers as text) or an object key, and where it is. */
interface Text {
  text: string;
  key: boolean;
  /** dotted, e.g. `metadata.team` or `payload.items.0.name`; a lone surrogate in a key written as `\uXXXX` */
  path: () => string;
}

interface Node {
  value: unknown;
  key: string | null;
  parent: Node | null;
}

const escapeLone = (segment: string) =>
  segment.replace(/\p{Cs}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function pathOf(node: Node | null): string {
  const segments: string[] = [];
  for (let n = node; n?.key != null; n = n.parent) segments.push(escapeLone(n.key));
  return segments.reverse().join('.');
}

/**
 * Every string, number and key under `value` (parsed JSON, params or a query), depth first, each
 * object's keys before its values.
 * Iterative, so input nested far deeper than any schema allows cannot overflow the stack; buffers
 * (the inbound gateway's raw bodies) are not looked into.
 */
export function* texts(value: unknown): Generator<Text> {
  const stack: Node[] = [{ value, key: null, parent: null }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const v = node.value;
    if (typeof v === 'string' || typeof v === 'number') {
      yield { text: String(v), key: false, path: () => pathOf(node) };
      continue;
    }
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) continue;
    const entries = Object.entries(v);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      stack.push({ value: child, key, parent: node });
    }
    if (!Array.isArray(v)) {
      for (const [key] of entries) {
        const at: Node = { value: undefined, key, parent: node };
        yield { text: key, key: true, path: () => pathOf(at) };
      }
    }
  }
}

/** The first string or key under `value` that passes `test`. */
export function findText(value: unknown, test: (text: string) => boolean): Text | null {
  for (const t of texts(value)) if (test(t.text)) return t;
  return null;
}

/**
 * Where `value` holds a lone surrogate (`"\ud800"` in JSON): no valid Unicode, refused by I-JSON
 * (RFC 7493) and by jsonb, and silently turned into U+FFFD by `pg` in text parameters.
 */
export function loneSurrogate(value: unknown, prefix?: string): FieldError | null {
  const found = findText(value, (s) => !s.isWellFormed());
  if (!found) return null;
  const path = [prefix, found.path()].filter(Boolean).join('.');
  const what = found.key ? 'key contains' : 'contains';
  return { path, message: `${what} a lone surrogate (unpaired \\ud800-\\udfff), which is not valid Unicode` };
}
