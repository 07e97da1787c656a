// Which config owns each community hashtag: the first config that claimed it. Later configs with the
// same hashtag are ignored, and so is an update that changes a config's hashtag. Records that name
// a community (memberships, moderation actions) or a hashtag (posts) before its config has arrived
// are parked here and handed back when the config claims it: delivery is unordered.
import { DurableObject } from "cloudflare:workers";
import type { Env, JetstreamEvent } from "../env.ts";
import { all, first, migrate } from "../shared/sql.ts";

const PARK_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_PARKED = 100_000;

export interface CommunityEntry {
  id: string;
  configUri: string;
  owner: string;
  createdAt: string;
}

export class HashtagRegistry extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    migrate(this.sql, [
      `CREATE TABLE community (id TEXT PRIMARY KEY, config_uri TEXT NOT NULL UNIQUE, owner TEXT NOT NULL, created_at TEXT NOT NULL);
       CREATE TABLE parked (uri TEXT NOT NULL, waits_for TEXT NOT NULL, event TEXT NOT NULL, parked_at INTEGER NOT NULL, PRIMARY KEY (uri, waits_for));
       CREATE INDEX parked_waits_idx ON parked (waits_for);
       CREATE INDEX parked_at_idx ON parked (parked_at);`,
    ]);
  }

  // Returns whether `entry.configUri` owns `entry.id`, and the events parked for it (as JSON text).
  claim(entry: CommunityEntry): { owned: boolean; parked: string[] } {
    const byUri = first<{ id: string }>(
      this.sql,
      "SELECT id FROM community WHERE config_uri = ?",
      entry.configUri,
    );
    if (byUri && byUri.id !== entry.id) return { owned: false, parked: [] };
    const current = first<{ config_uri: string }>(
      this.sql,
      "SELECT config_uri FROM community WHERE id = ?",
      entry.id,
    );
    if (current && current.config_uri !== entry.configUri) return { owned: false, parked: [] };
    if (!current) {
      this.sql.exec(
        "INSERT INTO community (id, config_uri, owner, created_at) VALUES (?, ?, ?, ?)",
        entry.id,
        entry.configUri,
        entry.owner,
        entry.createdAt,
      );
    }
    return { owned: true, parked: this.unpark([entry.configUri, `#${entry.id}`]) };
  }

  byId(id: string): CommunityEntry | null {
    return this.toEntry(first(this.sql, "SELECT * FROM community WHERE id = ?", id));
  }

  byConfigUri(uri: string): CommunityEntry | null {
    return this.toEntry(first(this.sql, "SELECT * FROM community WHERE config_uri = ?", uri));
  }

  list(): CommunityEntry[] {
    return all(this.sql, "SELECT * FROM community ORDER BY created_at, id").map(
      (r) => this.toEntry(r) as CommunityEntry,
    );
  }

  // The subset of ids that are registered communities.
  known(ids: string[]): string[] {
    return ids.filter((id) => first(this.sql, "SELECT 1 FROM community WHERE id = ?", id));
  }

  // Keeps an event until `waitsFor` (a config uri, or `#<id>` for a hashtag) is claimed.
  park(uri: string, waitsFor: string, event: JetstreamEvent): void {
    const now = Date.now();
    this.sql.exec("DELETE FROM parked WHERE parked_at < ?", now - PARK_TTL_MS);
    const count = first<{ n: number }>(this.sql, "SELECT COUNT(*) AS n FROM parked")?.n ?? 0;
    if (count >= MAX_PARKED) {
      this.sql.exec(
        "DELETE FROM parked WHERE rowid IN (SELECT rowid FROM parked ORDER BY parked_at LIMIT 1000)",
      );
    }
    this.sql.exec(
      "INSERT OR REPLACE INTO parked (uri, waits_for, event, parked_at) VALUES (?, ?, ?, ?)",
      uri,
      waitsFor,
      JSON.stringify(event),
      now,
    );
  }

  parkMany(items: { uri: string; waitsFor: string; event: string }[]): void {
    for (const item of items) this.park(item.uri, item.waitsFor, JSON.parse(item.event));
  }

  // A deleted record must not come back when its community appears.
  dropParked(uri: string): void {
    this.sql.exec("DELETE FROM parked WHERE uri = ?", uri);
  }

  dropParkedMany(uris: string[]): void {
    for (const uri of uris) this.dropParked(uri);
  }

  private unpark(keys: string[]): string[] {
    const out: string[] = [];
    for (const key of keys) {
      for (const row of all<{ event: string }>(
        this.sql,
        "SELECT event FROM parked WHERE waits_for = ?",
        key,
      )) {
        out.push(row.event);
      }
      this.sql.exec("DELETE FROM parked WHERE waits_for = ?", key);
    }
    return out;
  }

  private toEntry(row: Record<string, unknown> | undefined): CommunityEntry | null {
    if (!row) return null;
    return {
      id: String(row.id),
      configUri: String(row.config_uri),
      owner: String(row.owner),
      createdAt: String(row.created_at),
    };
  }
}
