// The mailed-token store on a real account database: tokens stored only as digests, single use,
// replaced by a newer request, expired after 15 minutes by the injected clock.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { closeSqlite } from "@atrarium/sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openAccountDb } from "../../src/account/account-db.ts";
import { SqliteEmailTokenStore } from "../../src/account/email-tokens.ts";
import { OffsetClock } from "../support/offset-clock.ts";

const DID = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa";

describe("SqliteEmailTokenStore", () => {
  let dir: string;
  let db: DatabaseSync;
  let clock: OffsetClock;
  let store: SqliteEmailTokenStore;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "email-tokens-"));
    db = openAccountDb(path.join(dir, "account.sqlite"));
    db.prepare(
      "INSERT INTO account (did, handle, email, password_scrypt, created_at) VALUES (?, 'a.test', 'a@example.test', 'x', '')",
    ).run(DID);
    clock = new OffsetClock();
    store = new SqliteEmailTokenStore(db, clock);
  });
  afterEach(() => {
    closeSqlite(db);
    rmSync(dir, { recursive: true, force: true });
  });

  it("issues XXXXX-XXXXX tokens and keeps only their digest", async () => {
    const token = await store.create(DID, "confirm_email");
    expect(token).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
    const stored = db.prepare("SELECT token FROM email_token").all() as { token: string }[];
    expect(stored).toHaveLength(1);
    expect(stored[0].token).not.toContain(token.slice(0, 5));
    expect(stored[0].token).toMatch(/^[0-9a-f]{64}$/);
  });

  it("uses a token once, whatever its case and spacing", async () => {
    const token = await store.create(DID, "reset_password");
    await store.assertValid(DID, "reset_password", token);
    expect(await store.consumeAnyAccount("reset_password", ` ${token.toLowerCase()} `)).toBe(DID);
    await expect(store.consumeAnyAccount("reset_password", token)).rejects.toMatchObject({
      error: "InvalidToken",
    });
    await expect(store.consume(DID, "reset_password", token)).rejects.toMatchObject({
      error: "InvalidToken",
    });
  });

  it("keeps purposes apart and lets a new request replace the old token", async () => {
    const first = await store.create(DID, "update_email");
    await expect(store.consume(DID, "confirm_email", first)).rejects.toMatchObject({ error: "InvalidToken" });
    const second = await store.create(DID, "update_email");
    await expect(store.consume(DID, "update_email", first)).rejects.toMatchObject({ error: "InvalidToken" });
    await store.consume(DID, "update_email", second);
  });

  it("expires a token after 15 minutes", async () => {
    const token = await store.create(DID, "confirm_email");
    clock.advance(14 * 60 * 1000);
    await store.assertValid(DID, "confirm_email", token);
    clock.advance(2 * 60 * 1000);
    await expect(store.assertValid(DID, "confirm_email", token)).rejects.toMatchObject({
      status: 400,
      error: "ExpiredToken",
    });
    await expect(store.consume(DID, "confirm_email", token)).rejects.toMatchObject({ error: "ExpiredToken" });
    // An expired token is used up too.
    await expect(store.consume(DID, "confirm_email", token)).rejects.toMatchObject({ error: "InvalidToken" });
  });
});
