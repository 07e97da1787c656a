// Rows of the account database that can no longer authenticate anything, removed by the
// expired-sessions job (jobs/pds-jobs.ts). Each is already refused when presented (the stores compare
// expiry on read); this only keeps the tables from growing with dead rows on a server that runs for
// months. Expiry is judged by the PDS clock, as the stores judge it.
import type { DatabaseSync } from "node:sqlite";
import { REFRESH_LIFETIME_EXTENDED, SESSION_LIFETIME_EXTENDED } from "@atproto/oauth-provider/constants";
import { statementCache, transact } from "@atrarium/sqlite";
import type { Clock } from "../clock.ts";
import { EMAIL_TOKEN_TTL_MS } from "./email-tokens.ts";

export interface ExpiredCredentialCounts {
  refreshTokens: number;
  emailTokens: number;
  oauthTokens: number;
  oauthRequests: number;
  oauthNonces: number;
  reservedKeys: number;
}

export class ExpiredCredentials {
  private readonly db: DatabaseSync;
  private readonly stmt: ReturnType<typeof statementCache>;
  private readonly clock: Clock;

  constructor(db: DatabaseSync, clock: Clock) {
    this.db = db;
    this.stmt = statementCache(db);
    this.clock = clock;
  }

  /** Deletes every expired row in one transaction; returns how many of each kind went. */
  sweep(): ExpiredCredentialCounts {
    const now = this.clock.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const del = (sql: string, ...args: (string | number)[]) => Number(this.stmt(sql).run(...args).changes);
    return transact(this.db, () => ({
      refreshTokens: del("DELETE FROM refresh_token WHERE expires_at <= ?", now),
      emailTokens: del("DELETE FROM email_token WHERE requested_at + ? < ?", EMAIL_TOKEN_TTL_MS, now),
      // An OAuth token's refresh lifetime depends on its client (confidential or not), which only the
      // client's metadata tells; a token past the longest lifetime any client gets is expired for
      // every client, as the provider's own listAccountTokens judges it. Dates are ISO strings in the
      // JSON, so they compare as text.
      oauthTokens: del(
        `DELETE FROM oauth_token
         WHERE json_extract(data_json, '$.createdAt') < ? OR json_extract(data_json, '$.updatedAt') < ?`,
        iso(now - SESSION_LIFETIME_EXTENDED),
        iso(now - REFRESH_LIFETIME_EXTENDED),
      ),
      oauthRequests: del("DELETE FROM oauth_request WHERE expires_at < ?", now),
      oauthNonces: del("DELETE FROM oauth_replay WHERE expires_at <= ?", now),
      reservedKeys: del("DELETE FROM reserved_signing_key WHERE expires_at <= ?", now),
    }));
  }
}
