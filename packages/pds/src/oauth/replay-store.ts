// DPoP proof, client assertion and PKCE challenge nonces the provider has seen, on SQLite so that a
// restart does not make a replayed proof acceptable again. Expired rows are pruned as new ones come.
import type { DatabaseSync } from "node:sqlite";
import type { ReplayStore } from "@atproto/oauth-provider/store";
import { statementCache } from "@atrarium/sqlite";
import type { Clock } from "../clock.ts";

// Pruning on every call would cost a write per request: once a minute is enough (rows are tiny).
const PRUNE_INTERVAL_MS = 60_000;

export class SqliteReplayStore implements ReplayStore {
  private readonly stmt: ReturnType<typeof statementCache>;
  private lastPrune = 0;

  private readonly clock: Clock;

  constructor(db: DatabaseSync, clock: Clock) {
    this.clock = clock;
    this.stmt = statementCache(db);
  }

  // True the first time `nonce` is seen in `namespace` within `timeFrame` ms.
  async unique(namespace: string, nonce: string, timeFrame: number): Promise<boolean> {
    const now = this.clock.now();
    if (now - this.lastPrune >= PRUNE_INTERVAL_MS) {
      this.lastPrune = now;
      this.stmt("DELETE FROM oauth_replay WHERE expires_at <= ?").run(now);
    }
    const inserted = this.stmt(
      `INSERT INTO oauth_replay (namespace, nonce, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (namespace, nonce) DO UPDATE SET expires_at = excluded.expires_at
       WHERE oauth_replay.expires_at <= ?`,
    ).run(namespace, nonce, now + timeFrame, now);
    return inserted.changes > 0;
  }
}
