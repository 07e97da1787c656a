// One-time tokens delivered by mail, as the official PDS issues them (plc_operation, confirm_email,
// update_email, reset_password, delete_account): ten base32 characters shown as XXXXX-XXXXX, one live
// token per purpose and account, valid for 15 minutes, used once. Only a SHA-256 of each token is
// stored, so the database never holds a usable token and lookups compare digests, not secrets.
import { createHash, randomBytes } from "node:crypto";
import type { DatabaseSync } from "node:sqlite";
import { statementCache } from "@atrarium/sqlite";
import { type Clock, systemClock } from "../clock.ts";
import { XrpcError } from "../xrpc/errors.ts";
import type { EmailTokenPurpose, EmailTokenStore } from "./types.ts";

export const EMAIL_TOKEN_TTL_MS = 15 * 60 * 1000;
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

function randomToken(): string {
  const chars = Array.from(randomBytes(10), (b) => BASE32[b % 32]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`.toUpperCase();
}

// Tokens are typed by people: case and surrounding spaces do not matter.
function digest(token: string): string {
  return createHash("sha256").update(token.trim().toUpperCase()).digest("hex");
}

const invalid = () => new XrpcError(400, "InvalidToken", "Token is invalid");
const expired = () => new XrpcError(400, "ExpiredToken", "Token is expired");

export class SqliteEmailTokenStore implements EmailTokenStore {
  private readonly stmt: ReturnType<typeof statementCache>;
  private readonly clock: Clock;

  constructor(db: DatabaseSync, clock: Clock = systemClock) {
    this.stmt = statementCache(db);
    this.clock = clock;
  }

  async create(did: string, purpose: EmailTokenPurpose): Promise<string> {
    const token = randomToken();
    this.stmt(
      `INSERT INTO email_token (purpose, did, token, requested_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (purpose, did) DO UPDATE SET token = excluded.token, requested_at = excluded.requested_at`,
    ).run(purpose, did, digest(token), this.clock.now());
    return token;
  }

  // Valid tokens are used up; the official error names (InvalidToken, ExpiredToken) otherwise.
  async consume(did: string, purpose: EmailTokenPurpose, token: string): Promise<void> {
    const requestedAt = this.requestedAt(did, purpose, token);
    if (requestedAt === undefined) throw invalid();
    this.stmt("DELETE FROM email_token WHERE purpose = ? AND did = ?").run(purpose, did);
    if (this.isExpired(requestedAt)) throw expired();
  }

  async assertValid(did: string, purpose: EmailTokenPurpose, token: string): Promise<void> {
    const requestedAt = this.requestedAt(did, purpose, token);
    if (requestedAt === undefined) throw invalid();
    if (this.isExpired(requestedAt)) throw expired();
  }

  async consumeAnyAccount(purpose: EmailTokenPurpose, token: string): Promise<string> {
    const row = this.stmt("SELECT did, requested_at FROM email_token WHERE purpose = ? AND token = ?").get(
      purpose,
      digest(token),
    ) as { did: string; requested_at: number } | undefined;
    if (!row) throw invalid();
    this.stmt("DELETE FROM email_token WHERE purpose = ? AND did = ?").run(purpose, row.did);
    if (this.isExpired(row.requested_at)) throw expired();
    return row.did;
  }

  private requestedAt(did: string, purpose: EmailTokenPurpose, token: string): number | undefined {
    const row = this.stmt(
      "SELECT requested_at FROM email_token WHERE purpose = ? AND did = ? AND token = ?",
    ).get(purpose, did, digest(token)) as { requested_at: number } | undefined;
    return row?.requested_at;
  }

  private isExpired(requestedAt: number): boolean {
    return requestedAt + EMAIL_TOKEN_TTL_MS < this.clock.now();
  }
}
