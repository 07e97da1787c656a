// Finds, opens and creates per-account stores. Open stores are kept in a bounded LRU so a server with
// many accounts does not hold a file handle and a cached tree for each.
import { createHash } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { Actor } from "./actor.ts";
import { openActorDb } from "./actor-db.ts";

export class ActorStore {
  private readonly dir: string;
  private readonly maxOpen: number;
  private readonly open = new Map<string, Actor>();

  constructor(dir: string, maxOpen = 500) {
    this.dir = dir;
    this.maxOpen = maxOpen;
  }

  // Sharded by a hash prefix so no directory grows to millions of entries.
  dbPath(did: string): string {
    const shard = createHash("sha256").update(did).digest("hex").slice(0, 2);
    return path.join(this.dir, shard, encodeURIComponent(did), "store.sqlite");
  }

  exists(did: string): boolean {
    return this.open.has(did) || existsSync(this.dbPath(did));
  }

  get(did: string): Actor {
    const cached = this.open.get(did);
    if (cached) {
      this.open.delete(did);
      this.open.set(did, cached);
      return cached;
    }
    if (!existsSync(this.dbPath(did))) throw new Error(`no actor store for ${did}`);
    return this.remember(new Actor(did, openActorDb(this.dbPath(did))));
  }

  create(did: string, privateKey: Uint8Array): Actor {
    const actor = new Actor(did, openActorDb(this.dbPath(did)));
    actor.stmt("INSERT INTO signing_key (id, private_key) VALUES (1, ?)").run(privateKey);
    return this.remember(actor);
  }

  destroy(did: string): void {
    this.open.get(did)?.close();
    this.open.delete(did);
    rmSync(path.dirname(this.dbPath(did)), { recursive: true, force: true });
  }

  closeAll(): void {
    for (const actor of this.open.values()) actor.close();
    this.open.clear();
  }

  private remember(actor: Actor): Actor {
    this.open.set(actor.did, actor);
    // An actor with a write in flight is never evicted: a second Actor object for the same DID would
    // have its own lock and could commit concurrently on a stale head.
    for (const [did, candidate] of this.open) {
      if (this.open.size <= this.maxOpen) break;
      if (candidate.lock.busy || candidate === actor) continue;
      this.open.delete(did);
      candidate.close();
    }
    return actor;
  }
}
