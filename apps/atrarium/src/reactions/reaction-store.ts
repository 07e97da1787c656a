// The reaction and custom emoji tables of a community's Durable Object (one migration, appended to
// community/schema.ts), written like every other record: the latest rev wins, deletes leave a
// tombstone (community-store.ts). A reaction's emoji_key is its Unicode emoji or the at-uri of the
// custom emoji record it names; nothing here decides whether it counts (reaction-rules.ts does, at
// read time).
import { first } from "../shared/sql.ts";

export const REACTION_MIGRATION = `
  CREATE TABLE IF NOT EXISTS reaction (
    uri TEXT PRIMARY KEY, author TEXT NOT NULL, rev TEXT NOT NULL, deleted INTEGER NOT NULL,
    cid TEXT, post_uri TEXT, post_cid TEXT, emoji_key TEXT, created_at TEXT
  );
  CREATE INDEX IF NOT EXISTS reaction_post_idx ON reaction (post_uri, emoji_key);
  CREATE INDEX IF NOT EXISTS reaction_author_idx ON reaction (author, post_uri);
  CREATE TABLE IF NOT EXISTS emoji (
    uri TEXT PRIMARY KEY, author TEXT NOT NULL, rev TEXT NOT NULL, deleted INTEGER NOT NULL,
    shortcode TEXT, blob_cid TEXT, mime TEXT, size INTEGER, created_at TEXT, changed_at TEXT
  );`;

export interface ReactionInput {
  uri: string;
  author: string;
  rev: string;
  cid: string | null;
  postUri: string;
  postCid: string;
  // The Unicode emoji, or the at-uri of a net.atrarium.community.emoji record.
  emojiKey: string;
  createdAt: string;
}

export interface EmojiInput {
  uri: string;
  author: string;
  rev: string;
  shortcode: string;
  blobCid: string;
  mime: string;
  size: number;
  createdAt: string;
}

function isNewer(sql: SqlStorage, table: "reaction" | "emoji", uri: string, rev: string): boolean {
  const row = first<{ rev: string }>(sql, `SELECT rev FROM ${table} WHERE uri = ?`, uri);
  return !row || row.rev < rev;
}

export function putReaction(sql: SqlStorage, r: ReactionInput): boolean {
  if (!isNewer(sql, "reaction", r.uri, r.rev)) return false;
  sql.exec(
    `INSERT OR REPLACE INTO reaction (uri, author, rev, deleted, cid, post_uri, post_cid, emoji_key, created_at)
     VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?)`,
    r.uri,
    r.author,
    r.rev,
    r.cid,
    r.postUri,
    r.postCid,
    r.emojiKey,
    r.createdAt,
  );
  return true;
}

// `changed_at` is when this index saw the emoji's image or shortcode change (ISO, the Worker's clock;
// NULL until an edit changes them): a decision written before it was about another image
// (reaction-rules.ts), so swapping the image of an approved emoji makes it pending again. A rebuild
// sees only the current record, so it cannot tell; it takes the decisions as they stand.
export function putEmoji(sql: SqlStorage, e: EmojiInput, now: number = Date.now()): boolean {
  if (!isNewer(sql, "emoji", e.uri, e.rev)) return false;
  const prior = sql
    .exec<{ shortcode: string | null; blob_cid: string | null; changed_at: string | null }>(
      "SELECT shortcode, blob_cid, changed_at FROM emoji WHERE uri = ? AND deleted = 0",
      e.uri,
    )
    .toArray()[0];
  const same = prior && prior.shortcode === e.shortcode && prior.blob_cid === e.blobCid;
  const changedAt = !prior ? null : same ? prior.changed_at : new Date(now).toISOString();
  sql.exec(
    `INSERT OR REPLACE INTO emoji (uri, author, rev, deleted, shortcode, blob_cid, mime, size, created_at, changed_at)
     VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?)`,
    e.uri,
    e.author,
    e.rev,
    e.shortcode,
    e.blobCid,
    e.mime,
    e.size,
    e.createdAt,
    changedAt,
  );
  return true;
}
