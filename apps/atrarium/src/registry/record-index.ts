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
