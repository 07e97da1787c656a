// Who an admin credential belongs to (auth/admin-authenticator.ts), on a real account database: the
// break-glass `admin`, administrator accounts, and what a remembered verification must not outlive
// (the account, its password); a role change applies to the next call.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { closeSqlite } from "@atrarium/sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openAccountDb } from "../../src/account/account-db.ts";
import { SqliteAdminAccounts } from "../../src/admin/admin-accounts.ts";
import { BadAdminCredentials } from "../../src/auth/admin-auth.ts";
import { AdminAuthenticator } from "../../src/auth/admin-authenticator.ts";
import { hashPassword } from "../../src/auth/password.ts";
import { OffsetClock } from "../support/offset-clock.ts";

const basic = (userPass: string) => `Basic ${Buffer.from(userPass).toString("base64")}`;

describe("AdminAuthenticator", () => {
  let dir: string;
  let db: DatabaseSync;
  let accounts: SqliteAdminAccounts;
  let auth: AdminAuthenticator;
  const clock = new OffsetClock();
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "admin-auth-"));
    db = openAccountDb(path.join(dir, "account.sqlite"));
    accounts = new SqliteAdminAccounts(db, clock);
    auth = new AdminAuthenticator("break-glass", accounts, clock);
    accounts.create("mod", "moderator", await hashPassword("mod-pw"));
  });
  afterEach(() => {
    closeSqlite(db);
    rmSync(dir, { recursive: true, force: true });
  });

  it("takes the break-glass password as the owner named admin", async () => {
    expect(await auth.verify(basic("admin:break-glass"))).toEqual({ name: "admin", role: "owner" });
    await expect(auth.verify(basic("admin:mod-pw"))).rejects.toThrow(BadAdminCredentials);
  });

  it("takes an administrator's own name and password, and nothing else", async () => {
    expect(await auth.verify(basic("mod:mod-pw"))).toEqual({ name: "mod", role: "moderator" });
    for (const wrong of ["mod:mod-p", "mod:break-glass", "nobody:mod-pw", "MOD:mod-pw"])
      await expect(auth.verify(basic(wrong)), wrong).rejects.toThrow(BadAdminCredentials);
    await expect(auth.verify(undefined)).rejects.toMatchObject({ status: 401 });
  });

  it("refuses a remembered credential once the account is gone or its password changed", async () => {
    await auth.verify(basic("mod:mod-pw"));
    accounts.update("mod", { passwordScrypt: await hashPassword("new-pw") });
    await expect(auth.verify(basic("mod:mod-pw"))).rejects.toThrow(BadAdminCredentials);
    expect(await auth.verify(basic("mod:new-pw"))).toMatchObject({ name: "mod" });
    accounts.delete("mod");
    await expect(auth.verify(basic("mod:new-pw"))).rejects.toThrow(BadAdminCredentials);
  });

  it("applies a role change to the next call", async () => {
    await auth.verify(basic("mod:mod-pw"));
    accounts.update("mod", { role: "viewer" });
    expect(await auth.verify(basic("mod:mod-pw"))).toEqual({ name: "mod", role: "viewer" });
  });

  it("checks the password again once the remembered verification is old", async () => {
    await auth.verify(basic("mod:mod-pw"));
    clock.advance(10 * 60_000);
    try {
      expect(await auth.verify(basic("mod:mod-pw"))).toMatchObject({ name: "mod" });
    } finally {
      clock.reset();
    }
  });
});
