// com.atproto.sync.listReposByCollection over the repos this service has seen: a repo is listed for
// a collection once a verified create or update of a record in it went by (relays' collection
// directories keep the same "seen" semantics). Paged by DID, the cursor being the last DID returned.
import type { DatabaseSync } from "node:sqlite";
import { statementCache } from "@atrarium/sqlite";

export class CollectionDirectory {
  private readonly stmt: ReturnType<typeof statementCache>;

  constructor(db: DatabaseSync) {
    this.stmt = statementCache(db);
  }

  list(collection: string, limit: number, cursor?: string): { repos: { did: string }[]; cursor?: string } {
    const rows = this.stmt(
      "SELECT did FROM repo_collections WHERE collection = ? AND did > ? ORDER BY did LIMIT ?",
    ).all(collection, cursor ?? "", limit) as { did: string }[];
    const repos = rows.map((r) => ({ did: r.did }));
    const last = rows[rows.length - 1];
    return rows.length === limit && last ? { repos, cursor: last.did } : { repos };
  }
}
