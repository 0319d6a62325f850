/**
 * An example value that satisfies a JSON Schema, built from the schema as Svix's portal does: the
 * schema's own `examples` / `example` / `default` / `const` / first `enum` value win; otherwise a value
 * of the right type, with every required property (and the optional ones, so the example shows the
 * whole shape), strings of at least `minLength` in a known `format`, numbers within their bounds.
 * Handles what event schemas commonly use; `$ref` is followed within the same document.
 */
type Schema = Record<string, unknown>;

const isObj = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

const formats: Record<string, string> = {
  'date-time': '2026-01-01T12:00:00Z',
  date: '2026-01-01',
  time: '12:00:00Z',
  email: 'user@example.com',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  uuid: '3f2c1d9e-8a7b-4c6d-9e0f-1a2b3c4d5e6f',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
};

function resolve(s: Schema, root: Schema): Schema {
  const ref = s.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return s;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/'))
    node = isObj(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return isObj(node) ? node : {};
}

function stringFor(s: Schema, name: string): string {
  const format = typeof s.format === 'string' ? formats[s.format] : undefined;
  let v = format ?? (name ? `${name}_1` : 'example');
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? s.maxLength : Number.POSITIVE_INFINITY;
  while (v.length < min) v += 'x';
  if (v.length > max) v = v.slice(0, max);
  return v;
}

function numberFor(s: Schema, integer: boolean): number {
  const min =
    typeof s.minimum === 'number'
      ? s.minimum
      : typeof s.exclusiveMinimum === 'number'
        ? s.exclusiveMinimum + (integer ? 1 : 0.5)
        : undefined;
  const max =
    typeof s.maximum === 'number'
      ? s.maximum
      : typeof s.exclusiveMaximum === 'number'
        ? s.exclusiveMaximum - (integer ? 1 : 0.5)
        : undefined;
  let v = min ?? (max !== undefined ? Math.min(max, 1) : 1);
  if (integer) v = Math.ceil(v);
  const step = typeof s.multipleOf === 'number' ? s.multipleOf : undefined;
  if (step) v = Math.ceil(v / step) * step;
  return v;
}

function example(schema: unknown, root: Schema, name: string, depth: number): unknown {
  if (!isObj(schema) || depth > 12) return null;
  const s = resolve(schema, root);
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if ('example' in s) return s.example;
  if ('const' in s) return s.const;
  if ('default' in s) return s.default;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  for (const k of ['oneOf', 'anyOf'] as const) {
    const alts = s[k];
    if (Array.isArray(alts) && alts.length > 0) return example(alts[0], root, name, depth + 1);
  }
  if (Array.isArray(s.allOf)) {
    const merged: Schema = { ...s, allOf: undefined };
    for (const part of s.allOf) {
      if (!isObj(part)) continue;
      const p = resolve(part, root);
      merged.type ??= p.type;
      merged.properties = { ...(merged.properties as Schema), ...(p.properties as Schema) };
      merged.required = [...((merged.required as string[]) ?? []), ...((p.required as string[]) ?? [])];
    }
    delete merged.allOf;
    return example(merged, root, name, depth + 1);
  }
  let type = s.type;
  if (Array.isArray(type)) type = type.find((t) => t !== 'null') ?? type[0];
  if (type === undefined) type = isObj(s.properties) ? 'object' : isObj(s.items) ? 'array' : undefined;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = isObj(s.properties) ? s.properties : {};
      for (const [k, sub] of Object.entries(props)) out[k] = example(sub, root, k, depth + 1);
      for (const k of Array.isArray(s.required) ? (s.required as string[]) : [])
        if (!(k in out))
          out[k] = isObj(s.additionalProperties)
            ? example(s.additionalProperties, root, k, depth + 1)
            : 'example';
      return out;
    }
    case 'array': {
      const min = typeof s.minItems === 'number' ? s.minItems : 1;
      const item = example(s.items, root, name, depth + 1);
      return Array.from({ length: Math.max(min, 1) }, () => item);
    }
    case 'string':
      return stringFor(s, name);
    case 'integer':
      return numberFor(s, true);
    case 'number':
      return numberFor(s, false);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return null;
  }
}

/** An example payload for a schema (an object for an object schema); `{}` without one. */
export function exampleFromSchema(schema: Schema | null | undefined): unknown {
  if (!schema) return {};
  return example(schema, schema, '', 0);
}
