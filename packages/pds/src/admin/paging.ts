// Paging of the administrator's listings: the page size when the caller gives none (the lexicons'
// default; the router does not fill defaults in), and the cursor of a listing paged by an integer id
// (audit log, report queue): the last id returned.
import { invalidRequest } from "../xrpc/errors.ts";

export const DEFAULT_PAGE_LIMIT = 50;

export function pageLimit(limit: number | undefined): number {
  return limit ?? DEFAULT_PAGE_LIMIT;
}

export function parseIdCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  if (!/^\d{1,15}$/.test(cursor)) throw invalidRequest("Malformed cursor");
  return Number(cursor);
}

/** The next page's cursor: only when this page was full, so an empty last page is never asked for. */
export function nextIdCursor(page: { id: number }[], limit: number): string | undefined {
  return page.length === limit ? String(page[page.length - 1].id) : undefined;
}
