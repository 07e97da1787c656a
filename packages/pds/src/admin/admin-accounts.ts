// The administrator accounts (admin roles): a name, a role and an scrypt password hash each, in the
// account database. The break-glass `admin` (PDS_ADMIN_PASSWORD) is not stored here, and no stored
// account may take its name, so `admin:<password>` always means the configured password.
import type { DatabaseSync } from "node:sqlite";
import { statementCache } from "@atrarium/sqlite";
import type { AdminRole } from "../auth/admin-roles.ts";
import type { Clock } from "../clock.ts";

export const BREAK_GLASS_ADMIN = "admin";

export interface AdminAccount {
  name: string;
  role: AdminRole;
  createdAt: string;
  updatedAt: string;
}

export interface StoredAdminAccount extends AdminAccount {
  passwordScrypt: string;
}

interface AdminRow {
  name: string;
  role: AdminRole;
  password_scrypt: string;
  created_at: string;
  updated_at: string;
}

const toAccount = (row: AdminRow): StoredAdminAccount => ({
  name: row.name,
  role: row.role,
  passwordScrypt: row.password_scrypt,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const withoutSecret = ({ passwordScrypt: _, ...account }: StoredAdminAccount): AdminAccount => account;

export class SqliteAdminAccounts {
  private readonly stmt: ReturnType<typeof statementCache>;
  private readonly clock: Clock;

  constructor(db: DatabaseSync, clock: Clock) {
    this.stmt = statementCache(db);
    this.clock = clock;
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }

  get(name: string): StoredAdminAccount | undefined {
    const row = this.stmt("SELECT * FROM admin_account WHERE name = ?").get(name) as AdminRow | undefined;
    return row ? toAccount(row) : undefined;
  }

  /** The account without its password hash. */
  view(name: string): AdminAccount | undefined {
    const account = this.get(name);
    return account ? withoutSecret(account) : undefined;
  }

  list(): AdminAccount[] {
    const rows = this.stmt("SELECT * FROM admin_account ORDER BY name").all() as unknown as AdminRow[];
    return rows.map((row) => withoutSecret(toAccount(row)));
  }

  /** False when the name is taken. */
  create(name: string, role: AdminRole, passwordScrypt: string): boolean {
    const now = this.now();
    const { changes } = this.stmt(
      `INSERT INTO admin_account (name, role, password_scrypt, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
    ).run(name, role, passwordScrypt, now, now);
    return changes > 0;
  }

  /** The account after the change, or undefined when there is none of that name. */
  update(name: string, change: { role?: AdminRole; passwordScrypt?: string }): AdminAccount | undefined {
    this.stmt(
      `UPDATE admin_account SET role = coalesce(?, role), password_scrypt = coalesce(?, password_scrypt),
       updated_at = ? WHERE name = ?`,
    ).run(change.role ?? null, change.passwordScrypt ?? null, this.now(), name);
    return this.view(name);
  }

  /** False when there was none of that name. */
  delete(name: string): boolean {
    return this.stmt("DELETE FROM admin_account WHERE name = ?").run(name).changes > 0;
  }
}
