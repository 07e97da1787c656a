// Ending logins before their tokens expire (an app password revoked, a password reset, a takedown). Refresh tokens
// are rows and simply go; an access token is a signed JWT that would live on for its whole lifetime,
// so each ended login's id is kept in a set the request path checks (one lookup per request, whatever
// the number of sessions). The set is persisted, so a restart does not bring revoked access tokens
// back, and only ids young enough to still have a live access token are kept.
import type { DatabaseSync } from "node:sqlite";
import { statementCache, transact } from "@atrarium/sqlite";
import type { Clock } from "../clock.ts";

export class SessionRevocations {
  private readonly db: DatabaseSync;
  private readonly stmt: ReturnType<typeof statementCache>;
  private readonly clock: Clock;
  private readonly keepMs: number;
  // Ended login id -> when it ended.
  private readonly revoked = new Map<string, number>();

  constructor(db: DatabaseSync, clock: Clock, accessTtlMs: number) {
    this.db = db;
    this.stmt = statementCache(db);
    this.clock = clock;
    // An access token outlives its login by at most its lifetime: older ids can go (with a minute of
    // slack for clocks).
    this.keepMs = accessTtlMs + 60_000;
    this.forgetExpired();
    const rows = this.stmt("SELECT session_id, revoked_at FROM revoked_session").all() as {
      session_id: string;
      revoked_at: number;
    }[];
    for (const row of rows) this.revoked.set(row.session_id, row.revoked_at);
  }

  isRevoked(sessionId: string): boolean {
    return this.revoked.has(sessionId);
  }

  /**
   * Runs `change` and ends the logins of `did` (only those made with app password `appPasswordName`
   * when given) in one transaction: their refresh tokens are deleted and, once committed, their access
   * tokens are refused from the next request on; ending them all also deletes the account's OAuth
   * tokens. Returns the ended session ids.
   */
  endSessions(did: string, change: () => void, appPasswordName?: string): string[] {
    const byAppPassword = appPasswordName !== undefined;
    const where = byAppPassword ? "did = ? AND app_password_name = ?" : "did = ?";
    const args = byAppPassword ? [did, appPasswordName] : [did];
    const ended = transact(this.db, () => {
      change();
      const rows = this.stmt(
        `SELECT DISTINCT COALESCE(session_id, id) AS session_id FROM refresh_token WHERE ${where}`,
      ).all(...args) as { session_id: string }[];
      this.stmt(`DELETE FROM refresh_token WHERE ${where}`).run(...args);
      // Ending every login ends the account's OAuth grants too: their tokens are rows the provider
      // reads on each request, so deleting them revokes access and refresh at once.
      if (!byAppPassword) this.stmt("DELETE FROM oauth_token WHERE did = ?").run(did);
      const insert = this.stmt(
        "INSERT OR IGNORE INTO revoked_session (session_id, did, revoked_at) VALUES (?, ?, ?)",
      );
      for (const row of rows) insert.run(row.session_id, did, this.clock.now());
      return rows.map((r) => r.session_id);
    });
    const now = this.clock.now();
    for (const id of ended) this.revoked.set(id, now);
    this.forgetExpired();
    return ended;
  }

  // Revocations are rare: tidying up on each one keeps the set small on a server that runs for months.
  private forgetExpired(): void {
    const cutoff = this.clock.now() - this.keepMs;
    this.stmt("DELETE FROM revoked_session WHERE revoked_at < ?").run(cutoff);
    for (const [id, at] of this.revoked) if (at < cutoff) this.revoked.delete(id);
  }
}
