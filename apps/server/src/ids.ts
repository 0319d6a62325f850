import { encodeTime, monotonicFactory } from 'ulidx';

/** Prefixes of every id Herald hands out (Svix style): the kind is readable from the id. */
export type IdPrefix = 'app' | 'ep' | 'msg' | 'atmpt' | 'job' | 'src' | 'key' | 'inreq' | 'req' | 'inst';

const ulid = monotonicFactory();

/** A prefixed id that sorts by creation time (ULID: 48-bit ms time + randomness, monotonic per process). */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${ulid()}`;
}

/**
 * The smallest id of `prefix` made at `time` or later: ids sort by creation time, so an id range
 * (an index on id) stands in for a time range. Callers leave a margin for clocks and keep the exact
 * time filter beside it.
 */
export function idFloor(prefix: IdPrefix, time: Date): string {
  return `${prefix}_${encodeTime(Math.max(0, time.getTime()), 10)}`;
}
