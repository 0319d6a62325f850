import { monotonicFactory } from 'ulidx';

/** Prefixes of every id Herald hands out (Svix style): the kind is readable from the id. */
export type IdPrefix = 'app' | 'ep' | 'msg' | 'atmpt' | 'job' | 'src' | 'key' | 'inreq' | 'req' | 'inst';

const ulid = monotonicFactory();

/** A prefixed id that sorts by creation time (ULID: 48-bit ms time + randomness, monotonic per process). */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${ulid()}`;
}
