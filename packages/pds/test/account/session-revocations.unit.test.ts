// Ending logins: refresh rows go, the ended ids are refused at once, survive a reopening of the
// database, and are forgotten once no access token of theirs can still be live.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { closeSqlite } from "@atrarium/sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openAccountDb } from "../../src/account/account-db.ts";
import { SessionRevocations } from "../../src/account/session-revocations.ts";
import { SqliteSessionStore } from "../../src/account/sessions.ts";
import { OffsetClock } from "../support/offset-clock.ts";

const DID = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa";
const ACCESS_TTL_MS = 2 * 60 * 60 * 1000;

describe("SessionRevocations", () => {
  let dir: string;
  let file: string;
  let db: DatabaseSync;
  const clock = new OffsetClock();
  beforeEach(async () => {
    clock.reset();
    dir = mkdtempSync(path.join(tmpdir(), "revocations-"));
    file = path.join(dir, "account.sqlite");
    db = openAccountDb(file);
    db.prepare(
      "INSERT INTO account (did, handle, email, password_scrypt, created_at) VALUES (?, 'a.test', null, 'x', '')",
    ).run(DID);
    const sessions = new SqliteSessionStore(db, clock);
    const later = clock.now() + 60_000;
    await sessions.store("r1", DID, later, { sessionId: "full", appPasswordName: null });
    await sessions.store("r2", DID, later, { sessionId: "laptop", appPasswordName: "laptop" });
    await sessions.store("r3", DID, later, { sessionId: "phone", appPasswordName: "phone" });
    db.prepare("INSERT INTO oauth_token (token_id, did, data_json) VALUES ('tok-1', ?, '{}')").run(DID);
  });
  const oauthTokens = () => (db.prepare("SELECT count(*) AS n FROM oauth_token").get() as { n: number }).n;
  afterEach(() => {
    closeSqlite(db);
    rmSync(dir, { recursive: true, force: true });
  });

  it("ends one app password's logins and runs the change in the same transaction", () => {
    const revocations = new SessionRevocations(db, clock, ACCESS_TTL_MS);
    let changed = false;
    const ended = revocations.endSessions(
      DID,
      () => {
        changed = true;
      },
      "laptop",
    );
    expect(ended).toEqual(["laptop"]);
    expect(changed).toBe(true);
    expect(revocations.isRevoked("laptop")).toBe(true);
    expect(revocations.isRevoked("phone")).toBe(false);
    const left = db.prepare("SELECT id FROM refresh_token ORDER BY id").all() as { id: string }[];
    expect(left.map((r) => r.id)).toEqual(["r1", "r3"]);
    expect(oauthTokens()).toBe(1);
  });

  it("ends every login of the account, and nothing when the change fails", () => {
    const revocations = new SessionRevocations(db, clock, ACCESS_TTL_MS);
    expect(() =>
      revocations.endSessions(DID, () => {
        throw new Error("no");
      }),
    ).toThrow("no");
    expect(revocations.isRevoked("full")).toBe(false);
    expect(oauthTokens()).toBe(1);
    expect(revocations.endSessions(DID, () => {}).sort()).toEqual(["full", "laptop", "phone"]);
    expect(db.prepare("SELECT count(*) AS n FROM refresh_token").get()).toEqual({ n: 0 });
    expect(oauthTokens()).toBe(0);
  });

  it("remembers ended logins after a reopening, until their access tokens have expired", () => {
    new SessionRevocations(db, clock, ACCESS_TTL_MS).endSessions(DID, () => {}, "laptop");
    closeSqlite(db);
    db = openAccountDb(file);
    expect(new SessionRevocations(db, clock, ACCESS_TTL_MS).isRevoked("laptop")).toBe(true);
    clock.advance(ACCESS_TTL_MS + 2 * 60_000);
    expect(new SessionRevocations(db, clock, ACCESS_TTL_MS).isRevoked("laptop")).toBe(false);
    expect(db.prepare("SELECT count(*) AS n FROM revoked_session").get()).toEqual({ n: 0 });
  });

  it("forgets, on a later revocation, ended logins whose access tokens have all expired", () => {
    const revocations = new SessionRevocations(db, clock, ACCESS_TTL_MS);
    revocations.endSessions(DID, () => {}, "laptop");
    clock.advance(ACCESS_TTL_MS + 2 * 60_000);
    expect(revocations.isRevoked("laptop")).toBe(true);
    revocations.endSessions(DID, () => {}, "phone");
    expect(revocations.isRevoked("laptop")).toBe(false);
    expect(revocations.isRevoked("phone")).toBe(true);
    const kept = db.prepare("SELECT session_id FROM revoked_session").all() as { session_id: string }[];
    expect(kept.map((r) => r.session_id)).toEqual(["phone"]);
  });
});
