// Read-time rules of reactions and custom emoji, as SQL on top of the community's visibility CTEs
// (community/visibility.ts, whose `visible_authors`, `blocked`, `inactive` and `effective` decide who
// counts and what staff decided):
// - a custom emoji is usable when its image is PNG, WebP or GIF of at most 256 KiB (never SVG: the
//   lexicon rules refuse it when indexing, and this holds for anything stored before) and the latest
//   effective approve_emoji/reject_emoji decision of staff on it is an approval made after its current
//   image and shortcode were seen (an approved emoji whose image is swapped is pending again);
// - a reaction counts when its author is staff or a current member, not blocked, not inactive; the
//   post is a visible post of the community (by uri: an edit does not void it); its emoji is Unicode
//   or a usable custom emoji; and once per (author, post, emoji): duplicates collapse.
import {
  type CommunityDefsEmojiView,
  type CommunityDefsReactionView,
  EMOJI_MAX_BYTES,
  EMOJI_MIME_TYPES,
} from "@atrarium/lexicon";
import { VISIBILITY_CTES, VISIBLE_POST_CONDITION } from "../community/visibility.ts";
import { all, first } from "../shared/sql.ts";

const RASTER = `mime IN (${EMOJI_MIME_TYPES.map((m) => `'${m}'`).join(", ")}) AND size <= ${EMOJI_MAX_BYTES}`;

// Needs VISIBILITY_CTES before it. `?1` is a JSON array of the post uris asked about.
const REACTION_CTES = `
  emoji_decision(uri, action, decided_at) AS (
    SELECT e.target, e.action, m.created_at FROM effective e JOIN moderation m ON m.uri = e.uri
    WHERE e.rn = 1 AND e.action IN ('approve_emoji', 'reject_emoji')
  ),
  usable_emoji(uri) AS (
    SELECT emoji.uri FROM emoji JOIN emoji_decision d ON d.uri = emoji.uri
    WHERE emoji.deleted = 0 AND ${RASTER} AND d.action = 'approve_emoji'
      AND (emoji.changed_at IS NULL OR d.decided_at >= emoji.changed_at)
  ),
  counted(author, post_uri, emoji_key) AS (
    SELECT DISTINCT r.author, r.post_uri, r.emoji_key FROM reaction r JOIN post p ON p.uri = r.post_uri
    WHERE r.deleted = 0 AND r.post_uri IN (SELECT value FROM json_each(?1))
      AND r.author IN (SELECT did FROM visible_authors)
      AND r.author NOT IN (SELECT did FROM blocked)
      AND r.author NOT IN (SELECT did FROM inactive)
      AND (r.emoji_key NOT LIKE 'at://%' OR r.emoji_key IN (SELECT uri FROM usable_emoji))
      AND ${VISIBLE_POST_CONDITION}
  )`;

interface EmojiRow {
  uri: string;
  author: string;
  shortcode: string;
  blob_cid: string;
  mime: string;
  size: number;
  created_at: string;
}

const emojiView = (row: EmojiRow, status: string): CommunityDefsEmojiView => ({
  uri: row.uri,
  shortcode: row.shortcode,
  author: row.author,
  cid: row.blob_cid,
  mimeType: row.mime,
  size: row.size,
  status,
  createdAt: row.created_at,
});

/** Each post's counted reactions, most first; `viewer` marks the caller's own. */
export function reactionsOf(
  sql: SqlStorage,
  postUris: string[],
  viewer: string | null,
): Map<string, CommunityDefsReactionView[]> {
  const byPost = new Map<string, CommunityDefsReactionView[]>();
  if (postUris.length === 0) return byPost;
  const rows = all<EmojiRow & { post_uri: string; emoji_key: string; n: number; mine: number }>(
    sql,
    `WITH ${VISIBILITY_CTES}, ${REACTION_CTES}
     SELECT c.post_uri, c.emoji_key, COUNT(*) AS n, MAX(c.author = ?2) AS mine,
       e.uri, e.author, e.shortcode, e.blob_cid, e.mime, e.size, e.created_at
     FROM counted c LEFT JOIN emoji e ON e.uri = c.emoji_key
     GROUP BY c.post_uri, c.emoji_key ORDER BY n DESC, c.emoji_key`,
    JSON.stringify(postUris),
    viewer ?? "",
  );
  for (const row of rows) {
    const custom = row.emoji_key.startsWith("at://");
    const view: CommunityDefsReactionView = {
      emoji: custom ? `:${row.shortcode}:` : row.emoji_key,
      ...(custom ? { customEmoji: emojiView(row, "approved") } : {}),
      count: row.n,
      viewer: row.mine === 1,
    };
    byPost.set(row.post_uri, [...(byPost.get(row.post_uri) ?? []), view]);
  }
  return byPost;
}

export type EmojiStatus = "approved" | "pending";

// Cap on one listing: a community's emoji set is small; a flood of proposals shows the newest.
const MAX_EMOJI = 500;

/**
 * The community's raster custom emoji with the given status, newest first. Pending ones (no effective
 * decision on their current image) are listed only when their uploader is staff or a current member who is not blocked.
 */
export function listEmoji(sql: SqlStorage, status: EmojiStatus): CommunityDefsEmojiView[] {
  // A decision made before the emoji's current image was seen decided about another image.
  const current = "(e.changed_at IS NULL OR d.decided_at >= e.changed_at)";
  const condition =
    status === "approved"
      ? `d.action = 'approve_emoji' AND ${current}`
      : `(d.action IS NULL OR NOT ${current}) AND e.author IN (SELECT did FROM visible_authors)
         AND e.author NOT IN (SELECT did FROM blocked)`;
  const rows = all<EmojiRow>(
    sql,
    `WITH ${VISIBILITY_CTES}, ${REACTION_CTES}
     SELECT e.uri, e.author, e.shortcode, e.blob_cid, e.mime, e.size, e.created_at
     FROM emoji e LEFT JOIN emoji_decision d ON d.uri = e.uri
     WHERE e.deleted = 0 AND e.${RASTER} AND ${condition}
     ORDER BY e.created_at DESC, e.uri DESC LIMIT ${MAX_EMOJI}`,
    "[]",
  );
  return rows.map((row) => emojiView(row, status));
}

export interface ReactionCheck {
  // The post's CID when it is a visible post of the community, else null.
  postCid: string | null;
  // A custom emoji key names a usable (approved, raster) emoji; always true for a Unicode one.
  emojiUsable: boolean;
  // The caller's live reaction records to this post with this emoji, as indexed.
  own: { uri: string; cid: string | null }[];
}

/** What react and unreact need to know about the caller, the post and the emoji. */
export function reactionCheck(
  sql: SqlStorage,
  did: string,
  postUri: string,
  emojiKey: string,
): ReactionCheck {
  const post = first<{ cid: string }>(
    sql,
    `WITH ${VISIBILITY_CTES} SELECT p.cid FROM post p WHERE p.uri = ? AND ${VISIBLE_POST_CONDITION}`,
    postUri,
  );
  const usable = emojiKey.startsWith("at://")
    ? first<{ ok: number }>(
        sql,
        `WITH ${VISIBILITY_CTES}, ${REACTION_CTES} SELECT 1 AS ok FROM usable_emoji WHERE uri = ?2`,
        "[]",
        emojiKey,
      ) !== undefined
    : true;
  const own = all<{ uri: string; cid: string | null }>(
    sql,
    `SELECT uri, cid FROM reaction WHERE deleted = 0 AND author = ? AND post_uri = ? AND emoji_key = ?
     ORDER BY uri`,
    did,
    postUri,
    emojiKey,
  );
  return { postCid: post?.cid ?? null, emojiUsable: usable, own };
}
