// The admin audit log's store and what it records as a call's subject: entries newest first, paged
// by id, never more than the retention bound; the subject taken from the input or parameters.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { closeSqlite } from "@atrarium/sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openAccountDb } from "../../src/account/account-db.ts";
import { SqliteAuditLog } from "../../src/admin/audit-log.ts";
import { auditSubject } from "../../src/admin/audit-subject.ts";
import { OffsetClock } from "../support/offset-clock.ts";

const DID = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa";

describe("SqliteAuditLog", () => {
  let dir: string;
  let db: DatabaseSync;
  const clock = new OffsetClock();
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "audit-log-"));
    db = openAccountDb(path.join(dir, "account.sqlite"));
  });
  afterEach(() => {
    closeSqlite(db);
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists entries newest first and pages by id", () => {
    const log = new SqliteAuditLog(db, clock);
    log.record({ nsid: "a", status: 200, subject: DID, requestId: "r1" });
    log.record({ nsid: "b", status: 401 });
    log.record({ nsid: "c", status: 400 });
    const page = log.list({ limit: 2 });
    expect(page.map((e) => e.nsid)).toEqual(["c", "b"]);
    expect(page[1]).toEqual({ id: page[1].id, nsid: "b", status: 401, createdAt: expect.any(String) });
    expect(log.list({ beforeId: page[1].id, limit: 2 })).toEqual([
      {
        id: expect.any(Number),
        nsid: "a",
        status: 200,
        subject: DID,
        requestId: "r1",
        createdAt: expect.any(String),
      },
    ]);
  });

  it("keeps only the newest maxEntries", () => {
    const log = new SqliteAuditLog(db, clock, 3);
    for (let i = 0; i < 10; i++) log.record({ nsid: `m${i}`, status: 200 });
    expect(log.list({ limit: 100 }).map((e) => e.nsid)).toEqual(["m9", "m8", "m7"]);
  });
});

describe("auditSubject", () => {
  it("takes the DID, uri, account or code the input names, else the parameters'", () => {
    expect(auditSubject({ did: DID, handle: "x.test" })).toBe(DID);
    expect(
      auditSubject({ subject: { $type: "com.atproto.repo.strongRef", uri: "at://x/y/z", cid: "c" } }),
    ).toBe("at://x/y/z");
    expect(auditSubject({ subject: { $type: "com.atproto.admin.defs#repoRef", did: DID } })).toBe(DID);
    expect(auditSubject({ useCount: 1, forAccount: DID })).toBe(DID);
    expect(auditSubject({ recipientDid: DID, content: "hi" })).toBe(DID);
    expect(auditSubject({ codes: ["a", "b"], accounts: [] })).toBe("a,b");
    expect(auditSubject({ id: 7, note: "done" })).toBe("report:7");
    expect(auditSubject(undefined, { did: DID })).toBe(DID);
    expect(auditSubject({ dids: DID })).toBe(DID);
    expect(auditSubject({ useCount: 1 }, {})).toBeUndefined();
    expect(auditSubject({ did: "x".repeat(1000) })).toHaveLength(512);
  });
});
