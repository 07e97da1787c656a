// Writes into one community's index, each guarded by the record's rev (last write wins).
import { first } from "../shared/sql.ts";

export interface ConfigInput {
  uri: string;
  owner: string;
  rev: string;
  name: string;
  description?: string;
  hashtag: string;
  stage: string;
  moderators: string[];
  feedMix: { own: number; parent: number; global: number };
  parentCommunity?: string;
  // open or invite-only (community/member-access.ts); absent: open.
  accessType?: string;
  createdAt: string;
}

export interface MembershipInput {
  uri: string;
  did: string;
  rev: string;
  role: string;
  active: boolean;
  joinedAt: string;
}

export interface PostInput {
  uri: string;
  author: string;
  rev: string;
  cid: string;
  text: string;
  createdAt: string;
  // Facets, embed and reply as JSON (community/post-content.ts); null or absent: text only.
  content?: string | null;
}

export interface ModerationInput {
  uri: string;
  author: string;
  rev: string;
  action: string;
  target: string;
  reason?: string;
  // set_title only: the member's title (absent or empty clears it).
  title?: string;
  createdAt: string;
}

export interface AuthorStatusInput {
  did: string;
  active: boolean;
  // deactivated, takendown, suspended, deleted... (any inactive status hides alike).
  status?: string;
  // The stream time of the #account event: a replayed older one changes nothing.
  timeUs: number;
}

export type Table = "config" | "membership" | "post" | "moderation" | "reaction" | "emoji";

// True when `rev` is newer than the stored row's (or there is none): the write may proceed.
function isNewer(sql: SqlStorage, table: Table, uri: string, rev: string): boolean {
  const row = first<{ rev: string }>(sql, `SELECT rev FROM ${table} WHERE uri = ?`, uri);
  return !row || row.rev < rev;
}

export function putConfig(sql: SqlStorage, c: ConfigInput): boolean {
  if (!isNewer(sql, "config", c.uri, c.rev)) return false;
  sql.exec(
    `INSERT OR REPLACE INTO config (uri, owner, rev, deleted, name, description, hashtag, stage, moderators, feed_mix, parent, created_at, access_type)
     VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    c.uri,
    c.owner,
    c.rev,
    c.name,
    c.description ?? null,
    c.hashtag,
    c.stage,
    JSON.stringify(c.moderators),
    JSON.stringify(c.feedMix),
    c.parentCommunity ?? null,
    c.createdAt,
    c.accessType ?? null,
  );
  return true;
}

export function putMembership(sql: SqlStorage, m: MembershipInput): boolean {
  if (!isNewer(sql, "membership", m.uri, m.rev)) return false;
  sql.exec(
    `INSERT OR REPLACE INTO membership (uri, did, rev, deleted, role, active, joined_at) VALUES (?, ?, ?, 0, ?, ?, ?)`,
    m.uri,
    m.did,
    m.rev,
    m.role,
    m.active ? 1 : 0,
    m.joinedAt,
  );
  return true;
}

// Sort time is the post's createdAt, but never later than when it was first seen here, so a
// future-dated post cannot pin itself to the top. An edit keeps the first-seen time.
export function putPost(sql: SqlStorage, p: PostInput, now: number): boolean {
  const existing = first<{ rev: string; indexed_at: number }>(
    sql,
    "SELECT rev, indexed_at FROM post WHERE uri = ?",
    p.uri,
  );
  if (existing && existing.rev >= p.rev) return false;
  const firstSeen = existing?.indexed_at ?? now;
  const created = Date.parse(p.createdAt);
  const sortTime = Number.isFinite(created) ? Math.min(created, firstSeen) : firstSeen;
  sql.exec(
    `INSERT OR REPLACE INTO post (uri, author, rev, deleted, cid, text, created_at, sort_time, indexed_at, content)
     VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?)`,
    p.uri,
    p.author,
    p.rev,
    p.cid,
    p.text,
    p.createdAt,
    sortTime,
    firstSeen,
    p.content ?? null,
  );
  return true;
}

export function putModeration(sql: SqlStorage, m: ModerationInput): boolean {
  if (!isNewer(sql, "moderation", m.uri, m.rev)) return false;
  sql.exec(
    `INSERT OR REPLACE INTO moderation (uri, author, rev, deleted, action, target, reason, created_at, title)
     VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?)`,
    m.uri,
    m.author,
    m.rev,
    m.action,
    m.target,
    m.reason ?? null,
    m.createdAt,
    m.title ?? null,
  );
  return true;
}

// A tombstone: the row keeps uri and rev, its content is gone. Posts keep their sort time so
// retention still purges the tombstone eventually.
export function tombstone(
  sql: SqlStorage,
  table: Table,
  uri: string,
  author: string,
  rev: string,
  now: number,
): boolean {
  if (!isNewer(sql, table, uri, rev)) return false;
  if (table === "post") {
    sql.exec(
      `INSERT INTO post (uri, author, rev, deleted, sort_time, indexed_at) VALUES (?, ?, ?, 1, ?, ?)
       ON CONFLICT (uri) DO UPDATE SET rev = excluded.rev, deleted = 1, text = NULL, cid = NULL, content = NULL`,
      uri,
      author,
      rev,
      now,
      now,
    );
  } else if (table === "config") {
    sql.exec(
      `INSERT INTO config (uri, owner, rev, deleted) VALUES (?, ?, ?, 1)
       ON CONFLICT (uri) DO UPDATE SET rev = excluded.rev, deleted = 1`,
      uri,
      author,
      rev,
    );
  } else {
    const who = table === "membership" ? "did" : "author";
    sql.exec(
      `INSERT INTO ${table} (uri, ${who}, rev, deleted) VALUES (?, ?, ?, 1)
       ON CONFLICT (uri) DO UPDATE SET rev = excluded.rev, deleted = 1`,
      uri,
      author,
      rev,
    );
  }
  return true;
}

export function storedConfigUri(sql: SqlStorage): string | null {
  return first<{ uri: string }>(sql, "SELECT uri FROM config LIMIT 1")?.uri ?? null;
}

// The records of a config that lost its hashtag to a config the stream observed earlier: the config
// and the memberships, moderation actions, reactions and custom emoji that named it (only the owning
// config's records reach a community). Posts stay: they carry the hashtag, and show for whoever is staff or member now.
export function forgetConfigRecords(sql: SqlStorage): void {
  sql.exec("DELETE FROM config");
  sql.exec("DELETE FROM membership");
  sql.exec("DELETE FROM moderation");
  sql.exec("DELETE FROM reaction");
  sql.exec("DELETE FROM emoji");
}

export function purgeOlderThan(sql: SqlStorage, cutoff: number): number {
  return sql.exec("DELETE FROM post WHERE sort_time < ?", cutoff).rowsWritten;
}

export function oldestPostTime(sql: SqlStorage): number | null {
  return first<{ t: number | null }>(sql, "SELECT MIN(sort_time) AS t FROM post")?.t ?? null;
}

export function putAuthorStatus(sql: SqlStorage, a: AuthorStatusInput): boolean {
  const row = first<{ time_us: number }>(sql, "SELECT time_us FROM author_status WHERE did = ?", a.did);
  if (row && row.time_us >= a.timeUs) return false;
  sql.exec(
    "INSERT OR REPLACE INTO author_status (did, active, status, time_us) VALUES (?, ?, ?, ?)",
    a.did,
    a.active ? 1 : 0,
    a.status ?? null,
    a.timeUs,
  );
  return true;
}
