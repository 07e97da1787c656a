// Stage 2, in the queue consumer: the exact community ids a post is tagged with. `#atrarium_` plus
// exactly 8 hex digits, not followed by another word character (so `#atrarium_a1b2c3d4e5` is no
// match), case-insensitive, in the text, in tag facets and in `tags`. Ids come back lower-case.
const IN_TEXT = /#atrarium_([0-9a-f]{8})(?![\p{L}\p{N}_])/giu;
const AS_TAG = /^atrarium_([0-9a-f]{8})$/i;
// A post reaches at most this many communities: each one costs index writes (and a parked copy while
// the community is unknown), so a post stuffed with made-up hashtags cannot multiply storage.
export const MAX_COMMUNITIES_PER_POST = 16;

export function communityIdsOf(record: Record<string, unknown> | undefined): string[] {
  const ids = new Set<string>();
  if (!record) return [];
  if (typeof record.text === "string") {
    for (const m of record.text.matchAll(IN_TEXT)) ids.add(m[1].toLowerCase());
  }
  const addTag = (tag: unknown) => {
    if (typeof tag !== "string") return;
    const m = AS_TAG.exec(tag);
    if (m) ids.add(m[1].toLowerCase());
  };
  if (Array.isArray(record.tags)) record.tags.forEach(addTag);
  if (Array.isArray(record.facets)) {
    for (const facet of record.facets) {
      const features = (facet as { features?: unknown })?.features;
      if (Array.isArray(features)) for (const f of features) addTag((f as { tag?: unknown })?.tag);
    }
  }
  return [...ids].slice(0, MAX_COMMUNITIES_PER_POST);
}

export const hashtagId = (hashtag: string) => hashtag.slice("#atrarium_".length).toLowerCase();
