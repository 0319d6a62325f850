import type { ListResponse } from './types.ts';

/**
 * Every item of a list, page after page: follows `iterator` until the server says `done`. Pages are
 * fetched lazily, one when the previous is used up, so breaking out early costs nothing more.
 */
export async function* paginate<T>(
  fetchPage: (iterator: string | undefined) => Promise<ListResponse<T>>,
  start?: string,
): AsyncGenerator<T, void, undefined> {
  let iterator = start;
  for (;;) {
    const page = await fetchPage(iterator);
    yield* page.data;
    if (page.done || page.iterator === null || page.iterator === iterator) return;
    iterator = page.iterator;
  }
}
