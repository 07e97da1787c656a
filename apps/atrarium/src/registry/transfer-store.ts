// The registry's owner-transfer tables: offers and acceptances as the stream reported them (latest rev
// wins, deletes leave tombstones), and the transfers that took effect: each retired config (the
// previous owner's), the community it belonged to and whether the previous owner's feed generator
// record still exists (its feed URI keeps answering until it is deleted).
import { all, first } from "../shared/sql.ts";
import type { TransferAcceptance, TransferOffer } from "./transfer-rule.ts";

export const TRANSFER_MIGRATION = `
  CREATE TABLE IF NOT EXISTS transfer_offer (
    uri TEXT PRIMARY KEY, rev TEXT NOT NULL, deleted INTEGER NOT NULL,
    cid TEXT, author TEXT, community TEXT, new_owner TEXT, created_at TEXT
  );
  CREATE INDEX IF NOT EXISTS transfer_offer_community_idx ON transfer_offer (community);
  CREATE TABLE IF NOT EXISTS transfer_accept (
    uri TEXT PRIMARY KEY, rev TEXT NOT NULL, deleted INTEGER NOT NULL,
    author TEXT, transfer_uri TEXT, transfer_cid TEXT, community TEXT, config TEXT
  );
  CREATE INDEX IF NOT EXISTS transfer_accept_community_idx ON transfer_accept (community);
  CREATE TABLE IF NOT EXISTS transfer_done (
    old_config_uri TEXT PRIMARY KEY, id TEXT NOT NULL, old_owner TEXT NOT NULL,
    new_config_uri TEXT NOT NULL, new_owner TEXT NOT NULL, done_at INTEGER NOT NULL,
    old_feed_rev TEXT, old_feed_gone INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX IF NOT EXISTS transfer_done_id_idx ON transfer_done (id);`;

export interface CompletedTransfer {
  id: string;
  oldConfigUri: string;
  oldOwner: string;
  newConfigUri: string;
  newOwner: string;
  doneAt: number;
}

const isNewer = (sql: SqlStorage, table: string, uri: string, rev: string) => {
  const row = first<{ rev: string }>(sql, `SELECT rev FROM ${table} WHERE uri = ?`, uri);
  return !row || row.rev < rev;
};

export function putOffer(sql: SqlStorage, o: TransferOffer, rev: string): boolean {
  if (!isNewer(sql, "transfer_offer", o.uri, rev)) return false;
  sql.exec(
    `INSERT OR REPLACE INTO transfer_offer (uri, rev, deleted, cid, author, community, new_owner, created_at)
     VALUES (?, ?, 0, ?, ?, ?, ?, ?)`,
    o.uri,
    rev,
    o.cid,
    o.author,
    o.community,
    o.newOwner,
    o.createdAt,
  );
  return true;
}

export function putAcceptance(sql: SqlStorage, a: TransferAcceptance, rev: string): boolean {
  if (!isNewer(sql, "transfer_accept", a.uri, rev)) return false;
  sql.exec(
    `INSERT OR REPLACE INTO transfer_accept (uri, rev, deleted, author, transfer_uri, transfer_cid, community, config)
     VALUES (?, ?, 0, ?, ?, ?, ?, ?)`,
    a.uri,
    rev,
    a.author,
    a.transferUri,
    a.transferCid,
    a.community,
    a.config,
  );
  return true;
}

export function tombstoneTransferRecord(
  sql: SqlStorage,
  table: "transfer_offer" | "transfer_accept",
  uri: string,
  rev: string,
): void {
  if (!isNewer(sql, table, uri, rev)) return;
  sql.exec(
    `INSERT INTO ${table} (uri, rev, deleted) VALUES (?, ?, 1)
     ON CONFLICT (uri) DO UPDATE SET rev = excluded.rev, deleted = 1`,
    uri,
    rev,
  );
}

const toOffer = (r: Record<string, unknown>): TransferOffer => ({
  uri: String(r.uri),
  cid: String(r.cid),
  author: String(r.author),
  community: String(r.community),
  newOwner: String(r.new_owner),
  createdAt: String(r.created_at),
});

/**
 * The offer in force of `owner` for the community whose config is `community` (any newOwner): the one
 * their repo wrote last (highest rev). A newer offer replaces every older one, and deleting the newest
 * withdraws it without bringing an older one back (its tombstone keeps the rev).
 */
export function latestOffer(sql: SqlStorage, community: string, owner: string): TransferOffer | null {
  const row = first<{ deleted: number }>(
    sql,
    `SELECT * FROM transfer_offer WHERE community = ? AND author = ? ORDER BY rev DESC, uri DESC LIMIT 1`,
    community,
    owner,
  );
  return row && row.deleted === 0 ? toOffer(row) : null;
}

export const acceptancesFor = (sql: SqlStorage, community: string): TransferAcceptance[] =>
  all<{
    uri: string;
    author: string;
    transfer_uri: string;
    transfer_cid: string;
    community: string;
    config: string;
  }>(
    sql,
    `SELECT uri, author, transfer_uri, transfer_cid, community, config FROM transfer_accept
     WHERE community = ? AND deleted = 0`,
    community,
  ).map((r) => ({
    uri: r.uri,
    author: r.author,
    transferUri: r.transfer_uri,
    transferCid: r.transfer_cid,
    community: r.community,
    config: r.config,
  }));

export function recordDone(sql: SqlStorage, t: CompletedTransfer): void {
  sql.exec(
    `INSERT OR REPLACE INTO transfer_done (old_config_uri, id, old_owner, new_config_uri, new_owner, done_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
    t.oldConfigUri,
    t.id,
    t.oldOwner,
    t.newConfigUri,
    t.newOwner,
    t.doneAt,
  );
}

/** The community a retired config belonged to, or null when `configUri` was never handed over. */
export const retiredConfigId = (sql: SqlStorage, configUri: string): string | null =>
  first<{ id: string }>(sql, "SELECT id FROM transfer_done WHERE old_config_uri = ?", configUri)?.id ?? null;

/** Every config community `id` had before its current one. */
export const retiredConfigsOf = (sql: SqlStorage, id: string): string[] =>
  all<{ uri: string }>(sql, "SELECT old_config_uri AS uri FROM transfer_done WHERE id = ?", id).map(
    (r) => r.uri,
  );

// A previous owner's generator record for the community (rkey = id) was written or deleted: its
// feed URI answers while the record exists. The record's rev orders replays.
export function setFormerFeed(sql: SqlStorage, owner: string, id: string, rev: string, gone: boolean): void {
  sql.exec(
    `UPDATE transfer_done SET old_feed_rev = ?, old_feed_gone = ?
     WHERE id = ? AND old_owner = ? AND (old_feed_rev IS NULL OR old_feed_rev < ?)`,
    rev,
    gone ? 1 : 0,
    id,
    owner,
    rev,
  );
}

/** Whether `owner` owned community `id` before and its feed generator record was not deleted since. */
export const formerFeedAnswers = (sql: SqlStorage, owner: string, id: string): boolean =>
  first(
    sql,
    "SELECT 1 AS ok FROM transfer_done WHERE id = ? AND old_owner = ? AND old_feed_gone = 0 LIMIT 1",
    id,
    owner,
  ) !== undefined;
