// Refresh-token bookkeeping: a refresh token is usable once; refreshing rotates it, logging out
// revokes it.
import type { DatabaseSync } from "node:sqlite";
import { statementCache } from "@atrarium/sqlite";
import { type Clock, systemClock } from "../clock.ts";

export class Sessions {
  private readonly stmt: ReturnType<typeof statementCache>;
  private readonly clock: Clock;

  constructor(db: DatabaseSync, clock: Clock = systemClock) {
    this.stmt = statementCache(db);
    this.clock = clock;
  }

  store(id: string, did: string, expiresAt: number): void {
    this.stmt("INSERT INTO refresh_token (id, did, expires_at) VALUES (?, ?, ?)").run(id, did, expiresAt);
  }

  isLive(id: string, did: string): boolean {
    const row = this.stmt("SELECT did, expires_at FROM refresh_token WHERE id = ?").get(id) as
      | { did: string; expires_at: number }
      | undefined;
    return !!row && row.did === did && row.expires_at > this.clock.now();
  }

  revoke(id: string): boolean {
    return this.stmt("DELETE FROM refresh_token WHERE id = ?").run(id).changes > 0;
  }

  purgeExpired(): void {
    this.stmt("DELETE FROM refresh_token WHERE expires_at <= ?").run(this.clock.now());
  }
}
