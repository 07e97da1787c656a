// One Durable Object holding the OAuth client's authorizations in flight (between /oauth/login and
// /oauth/callback): sealed, for an hour at most. Each is read once; expired ones are swept as new ones
// arrive, so abandoned sign-ins do not pile up.
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";
import { first, migrate } from "../shared/sql.ts";

const SWEEP_BATCH = 100;

export class OAuthPending extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    migrate(this.sql, [
      "CREATE TABLE pending (key TEXT PRIMARY KEY, sealed TEXT NOT NULL, expires INTEGER NOT NULL)",
      "CREATE INDEX pending_expires ON pending (expires)",
    ]);
  }

  put(key: string, sealed: string, expires: number): void {
    this.sql.exec(
      "DELETE FROM pending WHERE key IN (SELECT key FROM pending WHERE expires < ? LIMIT ?)",
      Date.now(),
      SWEEP_BATCH,
    );
    this.sql.exec(
      "INSERT OR REPLACE INTO pending (key, sealed, expires) VALUES (?, ?, ?)",
      key,
      sealed,
      expires,
    );
  }

  get(key: string): string | null {
    const row = first<{ sealed: string }>(
      this.sql,
      "SELECT sealed FROM pending WHERE key = ? AND expires >= ?",
      key,
      Date.now(),
    );
    return row?.sealed ?? null;
  }

  remove(key: string): void {
    this.sql.exec("DELETE FROM pending WHERE key = ?", key);
  }
}
