// Account search for the administrator (net.atrarium.pds.admin.searchAccounts; the official PDS has
// none): a substring of the handle or email, or a prefix of the DID, paged by DID. A LIKE scan of the
// account table: fine for the accounts one PDS holds, and it needs no index of its own.
import type { DatabaseSync } from "node:sqlite";
import { statementCache } from "@atrarium/sqlite";
import type { AccountRow } from "../account/types.ts";

export class AccountSearch {
  private readonly stmt: ReturnType<typeof statementCache>;

  constructor(db: DatabaseSync) {
    this.stmt = statementCache(db);
  }

  /** Accounts after `afterDid` in DID order matching `q` (every account when `q` is empty). */
  search(opts: { q?: string; afterDid?: string; limit: number }): AccountRow[] {
    const q = opts.q ?? "";
    const contains = `%${escapeLike(q)}%`;
    const prefix = `${escapeLike(q)}%`;
    return this.stmt(
      `SELECT * FROM account
       WHERE did > ? AND (? = '' OR handle LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\' OR did LIKE ? ESCAPE '\\')
       ORDER BY did LIMIT ?`,
    ).all(opts.afterDid ?? "", q, contains, contains, prefix, opts.limit) as unknown as AccountRow[];
  }
}

// LIKE's wildcards in the query are matched literally: searching "a_b" finds "a_b", not "axb".
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
