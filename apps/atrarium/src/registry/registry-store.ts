// The registry's tables: which config owns each community id (its hashtag) and when the stream first
// observed that config, and the events parked until the config or hashtag they name is claimed.
import { SWEEP_LEDGER_MIGRATION } from "../lifecycle/sweep-ledger.ts";
import { all, first } from "../shared/sql.ts";
import type { Claim } from "./claim-rule.ts";
import { TRANSFER_MIGRATION } from "./transfer-store.ts";

export const REGISTRY_MIGRATIONS = [
  `CREATE TABLE community (id TEXT PRIMARY KEY, config_uri TEXT NOT NULL UNIQUE, owner TEXT NOT NULL, created_at TEXT NOT NULL);
   CREATE TABLE parked (uri TEXT NOT NULL, waits_for TEXT NOT NULL, event TEXT NOT NULL, parked_at INTEGER NOT NULL, PRIMARY KEY (uri, waits_for));
   CREATE INDEX parked_waits_idx ON parked (waits_for);
   CREATE INDEX parked_at_idx ON parked (parked_at);`,
  // Claims made before observation times were kept have none, and are never taken back.
  "ALTER TABLE community ADD COLUMN observed_us INTEGER;",
  // The parent each owning config names (its parentCommunity), so a parent finds its children.
  `CREATE TABLE community_parent (config_uri TEXT PRIMARY KEY, parent_uri TEXT NOT NULL);
   CREATE INDEX community_parent_idx ON community_parent (parent_uri);`,
  // Owner transfers: offers, acceptances, and the configs they retired (transfer-store.ts).
  TRANSFER_MIGRATION,
  // The lifecycle sweep: statuses it found, its cursor and lease (lifecycle/sweep-ledger.ts).
  SWEEP_LEDGER_MIGRATION,
];

export interface CommunityEntry {
  id: string;
  configUri: string;
  owner: string;
  // The config's own createdAt, for display and listing order only: it decides nothing.
  createdAt: string;
  observedUs: number | null;
}

function toEntry(row: Record<string, unknown> | undefined): CommunityEntry | null {
  if (!row) return null;
  return {
    id: String(row.id),
    configUri: String(row.config_uri),
    owner: String(row.owner),
    createdAt: String(row.created_at),
    observedUs: typeof row.observed_us === "number" ? row.observed_us : null,
  };
}

export const entryById = (sql: SqlStorage, id: string) =>
  toEntry(first(sql, "SELECT * FROM community WHERE id = ?", id));

export const entryByConfigUri = (sql: SqlStorage, uri: string) =>
  toEntry(first(sql, "SELECT * FROM community WHERE config_uri = ?", uri));

export const allEntries = (sql: SqlStorage) =>
  all(sql, "SELECT * FROM community ORDER BY created_at, id").map((r) => toEntry(r) as CommunityEntry);

export const asClaim = (e: CommunityEntry | null): Claim | null =>
  e ? { id: e.id, configUri: e.configUri, observedUs: e.observedUs } : null;

// Records `entry` as the owner of its id, replacing whichever config held it.
export function putClaim(sql: SqlStorage, entry: CommunityEntry): void {
  sql.exec("DELETE FROM community WHERE id = ? OR config_uri = ?", entry.id, entry.configUri);
  sql.exec(
    "INSERT INTO community (id, config_uri, owner, created_at, observed_us) VALUES (?, ?, ?, ?, ?)",
    entry.id,
    entry.configUri,
    entry.owner,
    entry.createdAt,
    entry.observedUs,
  );
}

export function setObservedUs(sql: SqlStorage, id: string, observedUs: number | null): void {
  sql.exec("UPDATE community SET observed_us = ? WHERE id = ?", observedUs, id);
}

export function setParentUri(sql: SqlStorage, configUri: string, parentUri: string | null): void {
  if (parentUri === null) sql.exec("DELETE FROM community_parent WHERE config_uri = ?", configUri);
  else
    sql.exec(
      "INSERT OR REPLACE INTO community_parent (config_uri, parent_uri) VALUES (?, ?)",
      configUri,
      parentUri,
    );
}

// Registered communities whose owning config names `parentUri` as parent and whose owner is one of
// `owners` (the parent's staff: others are no children), in the order the stream first saw them (not
// the records' own createdAt, which their authors choose).
// `parentUris`: the parent's config and those it had before an owner transfer.
export const childEntries = (sql: SqlStorage, parentUris: string[], owners: string[], limit: number) =>
  all(
    sql,
    `SELECT c.* FROM community c JOIN community_parent p ON p.config_uri = c.config_uri
     WHERE p.parent_uri IN (SELECT value FROM json_each(?)) AND c.owner IN (SELECT value FROM json_each(?))
     ORDER BY c.observed_us IS NULL, c.observed_us, c.id LIMIT ?`,
    JSON.stringify(parentUris),
    JSON.stringify(owners),
    limit,
  ).map((r) => toEntry(r) as CommunityEntry);
