import type { ListResponse } from '@herald/contracts';

/**
 * Keyset paging over time-sortable ids: queries fetch `limit + 1` rows after the iterator; the extra
 * row only tells whether more exist. The iterator is the last id returned.
 */
export function page<Row, Out>(
  rows: Row[],
  limit: number,
  id: (r: Row) => string,
  map: (r: Row) => Out,
): ListResponse<Out> {
  const done = rows.length <= limit;
  const kept = done ? rows : rows.slice(0, limit);
  const last = kept.at(-1);
  return { data: kept.map(map), iterator: last ? id(last) : null, done };
}
