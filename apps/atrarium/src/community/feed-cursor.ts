// An opaque feed cursor: the (sort time, uri) of the last post served. Paging with a strict
// "older than this pair" condition never skips or repeats a post, even while new ones arrive.
export interface FeedPosition {
  sortTime: number;
  uri: string;
}

export function encodeCursor(p: FeedPosition): string {
  return btoa(`${p.sortTime}::${p.uri}`).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function decodeCursor(cursor: string): FeedPosition | null {
  try {
    const raw = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
    const sep = raw.indexOf("::");
    if (sep <= 0) return null;
    const sortTime = Number(raw.slice(0, sep));
    const uri = raw.slice(sep + 2);
    if (!Number.isSafeInteger(sortTime) || !uri.startsWith("at://")) return null;
    return { sortTime, uri };
  } catch {
    return null;
  }
}
