// One Durable Object per rate-limited subject (`did:<did>`, `ip:<address>`, `feed:<viewer did>`):
// its fixed-window counter, and for DIDs the hashes of service JWTs already used, kept until they
// expire so a token cannot be replayed within its lifetime. Checking both in one call keeps a
// signed-in request at one round trip here.
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";
import { first } from "../shared/sql.ts";
import { decide, type RateDecision, type RateLimit } from "./rate-window.ts";

export interface AdmitRequest extends RateLimit {
  // sha-256 of a verified service JWT and its exp (unix seconds).
  token?: { hash: string; exp: number };
}

export type AdmitResult = { replayed: true } | ({ replayed: false } & Omit<RateDecision, "next">);

export class RequestGuard extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(
      `CREATE TABLE IF NOT EXISTS rate_window (id INTEGER PRIMARY KEY CHECK (id = 1), start INTEGER NOT NULL, count INTEGER NOT NULL);
       CREATE TABLE IF NOT EXISTS used_token (hash TEXT PRIMARY KEY, exp INTEGER NOT NULL);
       CREATE INDEX IF NOT EXISTS used_token_exp_idx ON used_token (exp);`,
    );
  }

  admit(req: AdmitRequest): AdmitResult {
    const now = Date.now();
    if (req.token) {
      this.sql.exec("DELETE FROM used_token WHERE exp < ?", Math.floor(now / 1000));
      if (first(this.sql, "SELECT 1 FROM used_token WHERE hash = ?", req.token.hash))
        return { replayed: true };
      this.sql.exec("INSERT INTO used_token (hash, exp) VALUES (?, ?)", req.token.hash, req.token.exp);
    }
    const current = first<{ start: number; count: number }>(this.sql, "SELECT start, count FROM rate_window");
    const { next, ...decision } = decide(current ?? null, req, now);
    this.sql.exec(
      "INSERT OR REPLACE INTO rate_window (id, start, count) VALUES (1, ?, ?)",
      next.start,
      next.count,
    );
    return { replayed: false, ...decision };
  }
}
