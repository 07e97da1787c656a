// Refresh-token bookkeeping on SQLite: a refresh token is usable once; refreshing rotates it, logging
// out revokes it.
import type { DatabaseSync } from "node:sqlite";
import { statementCache } from "@atrarium/sqlite";
import { type Clock, systemClock } from "../clock.ts";
import type { SessionStore } from "./types.ts";

export class SqliteSessionStore implements SessionStore {
  private readonly stmt: ReturnType<typeof statementCache>;
  private readonly clock: Clock;

  constructor(db: DatabaseSync, clock: Clock = systemClock) {
    this.stmt = statementCache(db);
    this.clock = clock;
  }

  // Not `async`, so a failure throws at the call even where the result is not awaited.
  store(id: string, did: string, expiresAt: number): Promise<void> {
    this.stmt("INSERT INTO refresh_token (id, did, expires_at) VALUES (?, ?, ?)").run(id, did, expiresAt);
    return Promise.resolve();
  }

  async isLive(id: string, did: string): Promise<boolean> {
    const row = this.stmt("SELECT did, expires_at FROM refresh_token WHERE id = ?").get(id) as
      | { did: string; expires_at: number }
      | undefined;
    return !!row && row.did === did && row.expires_at > this.clock.now();
  }

  async revoke(id: string): Promise<boolean> {
    return this.stmt("DELETE FROM refresh_token WHERE id = ?").run(id).changes > 0;
  }

  async purgeExpired(): Promise<void> {
    this.stmt("DELETE FROM refresh_token WHERE expires_at <= ?").run(this.clock.now());
  }
}
