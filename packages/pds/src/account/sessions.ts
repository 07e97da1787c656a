// Refresh-token bookkeeping on SQLite: refreshing rotates a refresh token (within the same login,
// `session_id`) and leaves the used one a short grace period answering the same successor (`next_id`);
// logging out revokes it.
import type { DatabaseSync } from "node:sqlite";
import { statementCache, transact } from "@atrarium/sqlite";
import { type Clock, systemClock } from "../clock.ts";
import type { SessionInfo, SessionStore } from "./types.ts";

export class SqliteSessionStore implements SessionStore {
  private readonly db: DatabaseSync;
  private readonly stmt: ReturnType<typeof statementCache>;
  private readonly clock: Clock;

  constructor(db: DatabaseSync, clock: Clock = systemClock) {
    this.db = db;
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

  rotate(
    id: string,
    did: string,
    next: { id: string; expiresAt: number; graceMs: number },
  ): Promise<string | undefined> {
    // One synchronous transaction: concurrent refreshes with the same token cannot both store a successor.
    return Promise.resolve(
      transact(this.db, () => {
        const row = this.stmt(
          "SELECT did, expires_at, next_id, session_id, app_password_name FROM refresh_token WHERE id = ?",
        ).get(id) as
          | {
              did: string;
              expires_at: number;
              next_id: string | null;
              session_id: string | null;
              app_password_name: string | null;
            }
          | undefined;
        const now = this.clock.now();
        if (!row || row.did !== did || row.expires_at <= now) return undefined;
        if (row.next_id) return row.next_id;
        this.stmt("UPDATE refresh_token SET expires_at = ?, next_id = ? WHERE id = ?").run(
          Math.min(row.expires_at, now + next.graceMs),
          next.id,
          id,
        );
        this.stmt(
          "INSERT INTO refresh_token (id, did, expires_at, session_id, app_password_name) VALUES (?, ?, ?, ?, ?)",
        ).run(next.id, did, next.expiresAt, row.session_id ?? id, row.app_password_name);
        return next.id;
      }),
    );
  }

  async revoke(id: string): Promise<boolean> {
    return this.stmt("DELETE FROM refresh_token WHERE id = ?").run(id).changes > 0;
  }

  async purgeExpired(): Promise<void> {
    this.stmt("DELETE FROM refresh_token WHERE expires_at <= ?").run(this.clock.now());
  }
}
