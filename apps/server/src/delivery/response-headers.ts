/** How many response headers an attempt keeps, and how long each value may be. */
export const MAX_RESPONSE_HEADERS = 50;
export const MAX_RESPONSE_HEADER_VALUE = 1024;

/**
 * The response headers an attempt records: the first MAX_RESPONSE_HEADERS by name, each value cut to
 * MAX_RESPONSE_HEADER_VALUE characters (marked with "…"), so a receiver cannot grow the log without
 * bound. `set-cookie` is dropped: a session cookie of the receiver has no business in a delivery log.
 */
export function capResponseHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const names = Object.keys(headers)
    .filter((n) => n !== 'set-cookie')
    .sort()
    .slice(0, MAX_RESPONSE_HEADERS);
  for (const name of names) {
    const v = headers[name]!;
    out[name] = v.length > MAX_RESPONSE_HEADER_VALUE ? `${v.slice(0, MAX_RESPONSE_HEADER_VALUE)}…` : v;
  }
  return out;
}
