// Refresh-token bookkeeping on SQLite: a refresh token is usable once; refreshing rotates it (within
// the same login, `session_id`), logging out revokes it.
import type { DatabaseSync } from "node:sqlite";
import { statementCache } from "@atrarium/sqlite";
import { type Clock, systemClock } from "../clock.ts";
import type { SessionInfo, SessionStore } from "./types.ts";

export class SqliteSessionStore implements SessionStore {
  private readonly stmt: ReturnType<typeof statementCache>;
  private readonly clock: Clock;

  constructor(db: DatabaseSync, clock: Clock = systemClock) {
    this.stmt = statementCache(db);
    this.clock = clock;
  }

  // Not `async`, so a failure throws at the call even where the result is not awaited.
  store(id: string, did: string, expiresAt: number, session: SessionInfo): Promise<void> {
    this.stmt(
      "INSERT INTO refresh_token (id, did, expires_at, session_id, app_password_name) VALUES (?, ?, ?, ?, ?)",
    ).run(id, did, expiresAt, session.sessionId, session.appPasswordName);
    return Promise.resolve();
  }

  async live(id: string, did: string): Promise<SessionInfo | undefined> {
    const row = this.stmt(
      "SELECT did, expires_at, session_id, app_password_name FROM refresh_token WHERE id = ?",
    ).get(id) as
      | { did: string; expires_at: number; session_id: string | null; app_password_name: string | null }
      | undefined;
    if (!row || row.did !== did || row.expires_at <= this.clock.now()) return undefined;
    // Rows from before logins had ids: the token's own id stands in for the login.
    return { sessionId: row.session_id ?? id, appPasswordName: row.app_password_name };
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
