// Per repo, the rev a rebuild listed it at (its sync.getLatestCommit taken before listing). Writes
// older than that are replays of history the listing already covers: a record deleted before the
// listing must not come back because an old create event arrives later. A write at exactly the floor
// is the listed state itself (all of that commit's ops are in the listing), so it may pass. The
// repo_floor table is one of the community's migrations (schema.ts).
import { first } from "../shared/sql.ts";

export class RepoFloors {
  private readonly sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.sql = sql;
  }

  allows(did: string, rev: string): boolean {
    const floor = first<{ rev: string }>(this.sql, "SELECT rev FROM repo_floor WHERE did = ?", did);
    return !floor || rev >= floor.rev;
  }

  raise(did: string, rev: string): void {
    this.sql.exec(
      `INSERT INTO repo_floor (did, rev) VALUES (?, ?)
       ON CONFLICT (did) DO UPDATE SET rev = MAX(rev, excluded.rev)`,
      did,
      rev,
    );
  }
}
