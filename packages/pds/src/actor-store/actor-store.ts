// Finds, opens and creates per-account SQLite stores. Open stores are kept in a bounded LRU so a server
// with many accounts does not hold a file handle and a cached tree for each.
import { createHash } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { type ActorDeps, SqliteActor } from "./actor.ts";
import { openActorDb } from "./actor-db.ts";
import type { ActorStore } from "./types.ts";

export class SqliteActorStore implements ActorStore {
  private readonly dir: string;
  private readonly deps: ActorDeps;
  private readonly maxOpen: number;
  private readonly open = new Map<string, SqliteActor>();

  constructor(dir: string, deps: ActorDeps, maxOpen = 500) {
    this.dir = dir;
    this.deps = deps;
    this.maxOpen = maxOpen;
  }

  // Sharded by a hash prefix so no directory grows to millions of entries.
  private dbPath(did: string): string {
    const shard = createHash("sha256").update(did).digest("hex").slice(0, 2);
    return path.join(this.dir, shard, encodeURIComponent(did), "store.sqlite");
  }

  async exists(did: string): Promise<boolean> {
    return this.open.has(did) || existsSync(this.dbPath(did));
  }

  get(did: string): SqliteActor {
    const cached = this.open.get(did);
    if (cached) {
      this.open.delete(did);
      this.open.set(did, cached);
      return cached;
    }
    const file = this.dbPath(did);
    if (!existsSync(file)) throw new Error(`no actor store for ${did}`);
    return this.remember(new SqliteActor(did, file, openActorDb(file), this.deps));
  }

  async create(did: string, signingKey: Uint8Array): Promise<SqliteActor> {
    const file = this.dbPath(did);
    const actor = new SqliteActor(did, file, openActorDb(file), this.deps);
    actor.stmt("INSERT INTO signing_key (id, private_key) VALUES (1, ?)").run(signingKey);
    return this.remember(actor);
  }

  async destroy(did: string): Promise<void> {
    this.open.get(did)?.close();
    this.open.delete(did);
    rmSync(path.dirname(this.dbPath(did)), { recursive: true, force: true });
  }

  async close(): Promise<void> {
    for (const actor of this.open.values()) actor.close();
    this.open.clear();
  }

  private remember(actor: SqliteActor): SqliteActor {
    this.open.set(actor.did, actor);
    // An actor with a write in flight is never evicted: a second object for the same DID would have
    // its own lock and could commit concurrently on a stale head.
    for (const [did, candidate] of this.open) {
      if (this.open.size <= this.maxOpen) break;
      if (candidate.lock.busy || candidate === actor) continue;
      this.open.delete(did);
      candidate.close();
    }
    return actor;
  }
}
