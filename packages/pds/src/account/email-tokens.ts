// One-time tokens delivered by mail, as the official PDS issues them (e.g. `plc_operation`): ten base32
// characters shown as XXXXX-XXXXX, one live token per purpose and account, valid for 15 minutes.
import { randomBytes } from "node:crypto";
import type { DatabaseSync } from "node:sqlite";
import { statementCache } from "@atrarium/sqlite";
import { XrpcError } from "../xrpc/errors.ts";
import type { EmailTokenPurpose, EmailTokenStore } from "./types.ts";

const TTL_MS = 15 * 60 * 1000;
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

function randomToken(): string {
  const chars = Array.from(randomBytes(10), (b) => BASE32[b % 32]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`.toUpperCase();
}

export class SqliteEmailTokenStore implements EmailTokenStore {
  private readonly stmt: ReturnType<typeof statementCache>;

  constructor(db: DatabaseSync) {
    this.stmt = statementCache(db);
  }

  async create(did: string, purpose: EmailTokenPurpose): Promise<string> {
    const token = randomToken();
    this.stmt(
      `INSERT INTO email_token (purpose, did, token, requested_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (purpose, did) DO UPDATE SET token = excluded.token, requested_at = excluded.requested_at`,
    ).run(purpose, did, token, Date.now());
    return token;
  }

  // Valid tokens are used up; the official error names (InvalidToken, ExpiredToken) otherwise.
  async consume(did: string, purpose: EmailTokenPurpose, token: string): Promise<void> {
    const row = this.stmt(
      "SELECT requested_at FROM email_token WHERE purpose = ? AND did = ? AND token = ?",
    ).get(purpose, did, token.trim().toUpperCase()) as { requested_at: number } | undefined;
    if (!row) throw new XrpcError(400, "InvalidToken", "Token is invalid");
    this.stmt("DELETE FROM email_token WHERE purpose = ? AND did = ?").run(purpose, did);
    if (row.requested_at + TTL_MS < Date.now()) throw new XrpcError(400, "ExpiredToken", "Token is expired");
  }
}
