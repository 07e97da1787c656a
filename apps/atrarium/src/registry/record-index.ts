// Per author: which communities each of their records was placed in, with the record's latest rev.
// A delete event carries only the uri, so this is how it finds its communities; the rev keeps a
// replayed older event from resurrecting a deleted record (last write wins, deletes leave tombstones).
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";
import { first, migrate } from "../shared/sql.ts";

export interface Placement {
  communities: string[];
  rev: string;
  deleted: boolean;
}

export class RecordIndex extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    migrate(this.sql, [
      "CREATE TABLE placement (uri TEXT PRIMARY KEY, communities TEXT NOT NULL, rev TEXT NOT NULL, deleted INTEGER NOT NULL)",
      // The author's latest #account event, by stream time.
      "CREATE TABLE account_status (id INTEGER PRIMARY KEY CHECK (id = 1), active INTEGER NOT NULL, status TEXT, time_us INTEGER NOT NULL)",
    ]);
  }

  get(uri: string): Placement | null {
    const row = first<{ communities: string; rev: string; deleted: number }>(
      this.sql,
      "SELECT communities, rev, deleted FROM placement WHERE uri = ?",
      uri,
    );
    return row
      ? { communities: JSON.parse(row.communities), rev: row.rev, deleted: row.deleted === 1 }
      : null;
  }

  getMany(uris: string[]): Record<string, Placement | null> {
    return Object.fromEntries(uris.map((uri) => [uri, this.get(uri)]));
  }

  placeMany(placements: { uri: string; communities: string[]; rev: string; deleted: boolean }[]): void {
    this.ctx.storage.transactionSync(() => {
      for (const p of placements) this.place(p.uri, p.communities, p.rev, p.deleted);
    });
  }

  // Every community any of the author's records (posts, memberships, moderation actions) was placed in.
  communities(): string[] {
    return this.sql
      .exec("SELECT DISTINCT j.value AS id FROM placement, json_each(placement.communities) j")
      .toArray()
      .map((r) => String(r.id));
  }

  // Records an #account event unless a later one is known; then the communities to tell, else null.
  setAccountStatus(active: boolean, status: string | undefined, timeUs: number): string[] | null {
    const known = first<{ time_us: number }>(this.sql, "SELECT time_us FROM account_status WHERE id = 1");
    if (known && known.time_us > timeUs) return null;
    this.sql.exec(
      "INSERT OR REPLACE INTO account_status (id, active, status, time_us) VALUES (1, ?, ?, ?)",
      active ? 1 : 0,
      status ?? null,
      timeUs,
    );
    return this.communities();
  }

  // Records the placement unless `rev` is older than what is known (the same rev may widen it, when a
  // parked record reaches a community that appeared later); null when the event is stale.
  place(
    uri: string,
    communities: string[],
    rev: string,
    deleted: boolean,
  ): { previous: Placement | null } | null {
    const previous = this.get(uri);
    if (previous && previous.rev > rev) return null;
    this.sql.exec(
      "INSERT OR REPLACE INTO placement (uri, communities, rev, deleted) VALUES (?, ?, ?, ?)",
      uri,
      JSON.stringify(communities),
      rev,
      deleted ? 1 : 0,
    );
    return { previous };
  }
}
