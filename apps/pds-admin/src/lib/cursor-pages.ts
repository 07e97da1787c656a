// The page-by-page reads of the admin API share one shape: a cursor in, a cursor out. A short page ends
// the list even when a cursor comes back (getInviteCodes, like the official one, always sends one),
// so "show more" never offers an empty page.
import { useInfiniteQuery } from "@tanstack/react-query";

const PAGE_SIZE = 50;

export function useCursorPages<Page extends { cursor?: string }, Item>(
  queryKey: readonly unknown[],
  fetchPage: (page: { cursor?: string; limit: number }) => Promise<Page>,
  itemsOf: (page: Page) => Item[],
) {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage({ cursor: pageParam, limit: PAGE_SIZE }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (itemsOf(last).length < PAGE_SIZE ? undefined : last.cursor || undefined),
  });
  return { ...query, items: (query.data?.pages ?? []).flatMap(itemsOf) };
}
