// What the dashboard needs to draw a post as a Bluesky client does, beyond its text: facets
// (mentions, links, tags), the embed (images, link card, quoted post) and the reply reference, kept
// as the record had them. Stored as one JSON column the feed skeleton never reads. Bounded: a record
// whose extras exceed the cap keeps only its text (a PDS accepts records far larger than a post needs).
export const POST_CONTENT_MAX_BYTES = 16_384;

export interface PostContent {
  facets?: unknown[];
  embed?: Record<string, unknown>;
  reply?: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

// The record's extras as JSON, or null when it has none (or they are too large or malformed).
export function postContentOf(record: Record<string, unknown>): string | null {
  const content: PostContent = {};
  if (Array.isArray(record.facets) && record.facets.every(isObject)) content.facets = record.facets;
  if (isObject(record.embed)) content.embed = record.embed;
  if (isObject(record.reply)) content.reply = record.reply;
  if (Object.keys(content).length === 0) return null;
  const json = JSON.stringify(content);
  return new TextEncoder().encode(json).length <= POST_CONTENT_MAX_BYTES ? json : null;
}

// The stored column back as the postView's optional fields; a broken value reads as none.
export function parsePostContent(json: string | null | undefined): PostContent {
  if (!json) return {};
  try {
    const parsed: unknown = JSON.parse(json);
    return isObject(parsed) ? (parsed as PostContent) : {};
  } catch {
    return {};
  }
}
