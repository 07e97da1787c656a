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

type ListedRow = CodeRow & { uses: number };

export type InviteCodeSort = "recent" | "usage";
// Where a page of codes ended: its last code's creation time ("recent") or use count ("usage"), and code.
export interface InviteCodeKey {
  primary: string | number;
  code: string;
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
  async createEarnedCodes(
    did: string,
    codes: string[],
    expectedTotal: number,
    disabled = false,
  ): Promise<InviteCodeDetail[]> {
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
      for (const code of codes) this.insertCode(code, 1, did, did, now, disabled);
    });
    return codes.map((code) => ({
      code,
      available: 1,
      disabled,
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
    return rows.map((row) => this.detail(row));
  }

  /** The code `did` signed up with, if it used one. */
  async invitedBy(did: string): Promise<InviteCodeDetail | undefined> {
    const row = this.stmt(
      `SELECT c.* FROM invite_code c JOIN invite_code_use u ON u.code = c.code
       WHERE u.used_by = ? ORDER BY u.used_at LIMIT 1`,
    ).get(did) as CodeRow | undefined;
    return row && this.detail(row);
  }

  /**
   * A page of every code, by `sort` (com.atproto.admin.getInviteCodes): "recent" is newest first,
   * "usage" most used first, ties by code (descending, as the official keyset pages). `after` is the
   * last code's key from the previous page.
   */
  async listCodes(
    sort: InviteCodeSort,
    after: InviteCodeKey | undefined,
    limit: number,
  ): Promise<{ codes: InviteCodeDetail[]; last?: InviteCodeKey }> {
    const key = sort === "recent" ? "created_at" : "uses";
    const rows = this.stmt(
      `SELECT * FROM (
         SELECT c.*, (SELECT count(*) FROM invite_code_use u WHERE u.code = c.code) AS uses FROM invite_code c
       ) WHERE ? OR (${key}, code) < (?, ?)
       ORDER BY ${key} DESC, code DESC LIMIT ?`,
    ).all(
      after === undefined ? 1 : 0,
      after?.primary ?? 0,
      after?.code ?? "",
      limit,
    ) as unknown as ListedRow[];
    const last = rows.at(-1);
    return {
      codes: rows.map((row) => this.detail(row)),
      last: last && { primary: sort === "recent" ? last.created_at : last.uses, code: last.code },
    };
  }

  /** Disables the given codes and every code made for the given accounts (com.atproto.admin.disableInviteCodes). */
  async disableCodes(codes: string[], accounts: string[]): Promise<void> {
    transact(this.db, () => {
      const byCode = this.stmt("UPDATE invite_code SET disabled = 1 WHERE code = ?");
      const byAccount = this.stmt("UPDATE invite_code SET disabled = 1 WHERE for_account = ?");
      for (const code of codes) byCode.run(code);
      for (const account of accounts) byAccount.run(account);
    });
  }

  /** The account-level switch: while on, codes the account earns are made disabled. False if no such account. */
  async setAccountInvitesDisabled(did: string, disabled: boolean): Promise<boolean> {
    const res = this.stmt("UPDATE account SET invites_disabled = ? WHERE did = ?").run(disabled ? 1 : 0, did);
    return res.changes > 0;
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

  private detail(row: CodeRow): InviteCodeDetail {
    return {
      code: row.code,
      available: row.available_uses,
      disabled: row.disabled === 1,
      forAccount: row.for_account,
      createdBy: row.created_by,
      createdAt: row.created_at,
      uses: this.usesOf(row.code),
    };
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
    disabled = false,
  ): void {
    this.stmt(
      `INSERT INTO invite_code (code, available_uses, disabled, for_account, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(code, uses, disabled ? 1 : 0, forAccount, createdBy, createdAt);
  }
}
