// Invite codes and their uses in the account database: codes the administrator makes, codes accounts
// earn over time (account/earned-invites.ts), and the check and record of a use when an account is
// created with one. Refusals carry the official error names (InvalidInviteCode, DuplicateCreate).
import type { DatabaseSync } from "node:sqlite";
import { statementCache, transact } from "@atrarium/sqlite";
import { type Clock, systemClock } from "../clock.ts";
import { XrpcError } from "../xrpc/errors.ts";
import { ADMIN_CREATOR, type InviteCodeDetail, type InviteCodeUse } from "./earned-invites.ts";

interface CodeRow {
  code: string;
  available_uses: number;
  disabled: number;
  for_account: string;
  created_by: string;
  created_at: string;
}

const notAvailable = () => new XrpcError(400, "InvalidInviteCode", "Provided invite code not available");

export class SqliteInviteStore {
  private readonly db: DatabaseSync;
  private readonly stmt: ReturnType<typeof statementCache>;
  private readonly clock: Clock;

  constructor(db: DatabaseSync, clock: Clock = systemClock) {
    this.db = db;
    this.stmt = statementCache(db);
    this.clock = clock;
  }

  /** Codes made by the administrator, each good for `useCount` sign-ups. */
  async createAdminCodes(batches: { account: string; codes: string[] }[], useCount: number): Promise<void> {
    const now = new Date(this.clock.now()).toISOString();
    transact(this.db, () => {
      for (const { account, codes } of batches)
        for (const code of codes) this.insertCode(code, useCount, account, ADMIN_CREATOR, now);
    });
  }

  /**
   * Codes an account earned, single-use. Refused with DuplicateCreate when another request minted in
   * between, so the account would hold more earned codes than `expectedTotal`.
   */
  async createEarnedCodes(did: string, codes: string[], expectedTotal: number): Promise<InviteCodeDetail[]> {
    const now = new Date(this.clock.now()).toISOString();
    transact(this.db, () => {
      const { n } = this.stmt(
        "SELECT count(*) AS n FROM invite_code WHERE for_account = ? AND created_by != ?",
      ).get(did, ADMIN_CREATOR) as { n: number };
      if (n + codes.length > expectedTotal)
        throw new XrpcError(
          400,
          "DuplicateCreate",
          "attempted to create additional codes in another request",
        );
      for (const code of codes) this.insertCode(code, 1, did, did, now);
    });
    return codes.map((code) => ({
      code,
      available: 1,
      disabled: false,
      forAccount: did,
      createdBy: did,
      createdAt: now,
      uses: [],
    }));
  }

  /** Every code made for `did`, with its uses (newest first). */
  async codesFor(did: string): Promise<InviteCodeDetail[]> {
    const rows = this.stmt("SELECT * FROM invite_code WHERE for_account = ? ORDER BY created_at, code").all(
      did,
    ) as unknown as CodeRow[];
    return rows.map((row) => ({
      code: row.code,
      available: row.available_uses,
      disabled: row.disabled === 1,
      forAccount: row.for_account,
      createdBy: row.created_by,
      createdAt: row.created_at,
      uses: this.usesOf(row.code),
    }));
  }

  /** Refuses a code that does not exist, is disabled, used up, or belongs to a taken-down account. */
  async assertAvailable(code: string): Promise<void> {
    this.checkAvailable(code);
  }

  /** Records that `did` signed up with `code`, checked again in the same transaction. */
  async redeem(code: string, did: string): Promise<void> {
    const now = new Date(this.clock.now()).toISOString();
    transact(this.db, () => {
      this.checkAvailable(code);
      this.stmt("INSERT INTO invite_code_use (code, used_by, used_at) VALUES (?, ?, ?)").run(code, did, now);
    });
  }

  private checkAvailable(code: string): void {
    const row = this.stmt(
      `SELECT c.available_uses, c.disabled,
         (SELECT count(*) FROM invite_code_use u WHERE u.code = c.code) AS used
       FROM invite_code c LEFT JOIN account a ON a.did = c.for_account
       WHERE c.code = ? AND a.takedown_ref IS NULL`,
    ).get(code) as { available_uses: number; disabled: number; used: number } | undefined;
    if (!row || row.disabled === 1 || row.used >= row.available_uses) throw notAvailable();
  }

  private usesOf(code: string): InviteCodeUse[] {
    return this.stmt(
      "SELECT used_by AS usedBy, used_at AS usedAt FROM invite_code_use WHERE code = ? ORDER BY used_at DESC",
    ).all(code) as unknown as InviteCodeUse[];
  }

  private insertCode(
    code: string,
    uses: number,
    forAccount: string,
    createdBy: string,
    createdAt: string,
  ): void {
    this.stmt(
      `INSERT INTO invite_code (code, available_uses, disabled, for_account, created_by, created_at)
       VALUES (?, ?, 0, ?, ?, ?)`,
    ).run(code, uses, forAccount, createdBy, createdAt);
  }
}
