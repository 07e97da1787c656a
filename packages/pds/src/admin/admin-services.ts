// The administrator's own services (net.atrarium.pds.admin.*), made once in the composition root from
// the account database and the actor stores' directory.
import type { DatabaseSync } from "node:sqlite";
import { AdminAuthenticator } from "../auth/admin-authenticator.ts";
import type { Clock } from "../clock.ts";
import { AccountSearch } from "./account-search.ts";
import { SqliteAdminAccounts } from "./admin-accounts.ts";
import { SqliteAuditLog } from "./audit-log.ts";
import { ContentCounter } from "./content-totals.ts";
import { AccountCounter } from "./server-stats.ts";

export interface AdminServices {
  auditLog: SqliteAuditLog;
  // Administrator accounts (admin roles) and who an admin credential belongs to.
  accounts: SqliteAdminAccounts;
  auth: AdminAuthenticator;
  accountSearch: AccountSearch;
  accountCounter: AccountCounter;
  content: ContentCounter;
}

export function createAdminServices(
  accountDb: DatabaseSync,
  actorsDir: string,
  clock: Clock,
  adminPassword: string | undefined,
): AdminServices {
  const accounts = new SqliteAdminAccounts(accountDb, clock);
  return {
    auditLog: new SqliteAuditLog(accountDb, clock),
    accounts,
    auth: new AdminAuthenticator(adminPassword, accounts, clock),
    accountSearch: new AccountSearch(accountDb),
    accountCounter: new AccountCounter(accountDb),
    content: new ContentCounter(actorsDir, clock),
  };
}
