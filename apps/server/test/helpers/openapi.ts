/** The OpenAPI document with every local `$ref` (#/components/...) replaced by what it points to. */
export function dereference<T>(doc: T): T {
  const root = doc as Record<string, unknown>;
  const resolve = (ref: string): unknown =>
    ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root);
  const walk = (node: unknown, seen: string[]): unknown => {
    if (Array.isArray(node)) return node.map((n) => walk(n, seen));
    if (!node || typeof node !== 'object') return node;
    const { $ref, ...rest } = node as Record<string, unknown>;
    if (typeof $ref === 'string' && $ref.startsWith('#/')) {
      if (seen.includes($ref)) throw new Error(`cyclic $ref ${$ref}`);
      return walk({ ...(resolve($ref) as object), ...rest }, [...seen, $ref]);
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, seen)]));
  };
  return walk(doc, []) as T;
}
