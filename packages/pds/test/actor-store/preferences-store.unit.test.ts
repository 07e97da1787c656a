// The preferences concern of the actor store on a real SQLite file: a put replaces only what the caller
// may write, in order, and keeps the rest (the read-only declared age, personal details beyond an app
// password's reach) across puts and a reopen.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteActorStore } from "../../src/actor-store/actor-store.ts";
import { inNamespace } from "../../src/actor-store/preferences-store.ts";
import { canSeePreference, canWritePreference } from "../../src/auth/preference-access.ts";
import { ACCESS_SCOPE, APP_PASS_PRIVILEGED_SCOPE, APP_PASS_SCOPE } from "../../src/auth/scopes.ts";
import { DiskBlobStore } from "../../src/blob/blobstore.ts";

const DID = "did:plc:preferencesunittestaaaa";
const declared = { $type: "app.bsky.actor.defs#declaredAgePref", isOverAge18: true };
const birth = { $type: "app.bsky.actor.defs#personalDetailsPref", birthDate: "1990-01-01T00:00:00.000Z" };
const adult = { $type: "app.bsky.actor.defs#adultContentPref", enabled: false };
const other = { $type: "com.example.pref", x: 1 };

describe("preferences store", () => {
  let dir: string;
  let store: SqliteActorStore;
  const open = () =>
    new SqliteActorStore(path.join(dir, "actors"), {
      blobstore: new DiskBlobStore(path.join(dir, "blobs")),
      onBlobFileError: () => {},
    });

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "prefs-unit-"));
    store = open();
    await store.create(DID, new Uint8Array(32).fill(1));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps what the writer may not touch, and other namespaces, across puts and a reopen", async () => {
    const prefs = store.get(DID).preferences;
    const all = () => true;
    // Stored by some other path (the declared age is derived, never put by clients).
    await prefs.replace("app.bsky", [declared, birth], all);
    await prefs.replace("com.example", [other], all);
    const appPassword = (type: string) => canWritePreference(APP_PASS_SCOPE, type);
    await prefs.replace("app.bsky", [adult], appPassword);
    expect(await prefs.list("app.bsky", all)).toEqual([declared, birth, adult]);
    const full = (type: string) => canWritePreference(ACCESS_SCOPE, type);
    await prefs.replace("app.bsky", [], full);
    expect(await prefs.list("app.bsky", all)).toEqual([declared]);
    await store.close();
    store = open();
    expect(await store.get(DID).preferences.list("app.bsky", all)).toEqual([declared]);
    expect(await store.get(DID).preferences.list("com.example", all)).toEqual([other]);
  });

  it("scopes: personal details for full access only; the declared age written by no one", () => {
    expect(canSeePreference(ACCESS_SCOPE, birth.$type)).toBe(true);
    expect(canSeePreference(APP_PASS_SCOPE, birth.$type)).toBe(false);
    expect(canSeePreference(APP_PASS_PRIVILEGED_SCOPE, birth.$type)).toBe(false);
    expect(canSeePreference(APP_PASS_SCOPE, declared.$type)).toBe(true);
    expect(canWritePreference(ACCESS_SCOPE, declared.$type)).toBe(false);
    expect(canWritePreference(APP_PASS_SCOPE, adult.$type)).toBe(true);
  });

  it("namespaces match whole NSID segments", () => {
    expect(inNamespace("app.bsky", "app.bsky.actor.defs#adultContentPref")).toBe(true);
    expect(inNamespace("app.bsky", "app.bskyother.defs#x")).toBe(false);
    expect(inNamespace("app.bsky", "com.example.pref")).toBe(false);
  });
});
