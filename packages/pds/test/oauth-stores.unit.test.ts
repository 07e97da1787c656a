// The OAuth provider's stores on a temporary account database: round trips with Dates intact, a code
// consumed once, token rotation with the used refresh token remembered, replay nonces that stay seen
// after the database is reopened (a restart), and an account's rows going with it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { DatabaseSync } from "node:sqlite";
import type {
  Account,
  Code,
  CreateTokenData,
  DeviceId,
  RefreshToken,
  RequestData,
  RequestId,
  TokenId,
} from "@atproto/oauth-provider/store";
import { closeSqlite } from "@atrarium/sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openAccountDb } from "../src/account/account-db.ts";
import type { Clock } from "../src/clock.ts";
import { atprotoLexicons } from "../src/lexicon/atproto-lexicons.ts";
import { DeviceAccounts } from "../src/oauth/device-accounts.ts";
import { SqliteDeviceStore } from "../src/oauth/device-store.ts";
import { SqliteLexiconStore } from "../src/oauth/lexicon-store.ts";
import { SqliteReplayStore } from "../src/oauth/replay-store.ts";
import { SqliteRequestStore } from "../src/oauth/request-store.ts";
import { SqliteTokenStore } from "../src/oauth/token-store.ts";

const DID = "did:plc:alice";
let dir: string;
let file: string;
let db: DatabaseSync;
let now = 1_800_000_000_000;
const clock: Clock = { now: () => now };

function insertAccount(did: string) {
  db.prepare(
    "INSERT INTO account (did, handle, email, password_scrypt, created_at) VALUES (?, ?, NULL, 'x', 'now')",
  ).run(did, `${did.slice(8)}.test`);
}

const viewAccount = async (did: string): Promise<Account | null> =>
  db.prepare("SELECT 1 FROM account WHERE did = ?").get(did)
    ? ({ did, pds: "did:web:localhost", deactivated: false } as Account)
    : null;

function tokenData(code: string | null): CreateTokenData {
  return {
    createdAt: new Date(now),
    updatedAt: new Date(now),
    expiresAt: new Date(now + 3_600_000),
    clientId: "http://localhost",
    clientAuth: { method: "none" },
    deviceId: null,
    did: DID,
    parameters: { client_id: "http://localhost", scope: "atproto" } as CreateTokenData["parameters"],
    code: code as Code | null,
    scope: "atproto",
  } as CreateTokenData;
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "oauth-stores-"));
  file = path.join(dir, "account.sqlite");
  db = openAccountDb(file);
  insertAccount(DID);
});

afterEach(() => {
  closeSqlite(db);
  rmSync(dir, { recursive: true, force: true });
});

describe("request store", () => {
  it("round-trips a request and gives its code out once", async () => {
    const store = new SqliteRequestStore(db, clock);
    const id = "req-1" as RequestId;
    const data: RequestData = {
      clientId: "http://localhost",
      clientAuth: null,
      parameters: { client_id: "http://localhost", scope: "atproto" } as RequestData["parameters"],
      expiresAt: new Date(now + 60_000),
      deviceId: null,
      did: null,
      code: null,
    };
    await store.createRequest(id, data);
    expect(await store.readRequest(id)).toEqual(data);
    await store.updateRequest(id, { did: DID, code: "cod-1" as Code });
    const found = await store.consumeRequestCode("cod-1" as Code);
    expect(found?.requestId).toBe(id);
    expect(found?.data.expiresAt).toBeInstanceOf(Date);
    expect(found?.data.did).toBe(DID);
    expect(await store.consumeRequestCode("cod-1" as Code)).toBeNull();
    expect(await store.readRequest(id)).toBeNull();
  });
});

describe("token store", () => {
  it("rotates a token and finds it by its current and its used refresh tokens", async () => {
    const store = new SqliteTokenStore(db, viewAccount);
    await store.createToken("tok-1" as TokenId, tokenData("cod-1"), "ref-1" as RefreshToken);
    const created = await store.readToken("tok-1" as TokenId);
    expect(created?.data.expiresAt).toEqual(new Date(now + 3_600_000));
    expect((await store.findTokenByCode("cod-1" as Code))?.id).toBe("tok-1");

    await store.rotateToken("tok-1" as TokenId, "tok-2" as TokenId, "ref-2" as RefreshToken, {
      clientAuth: { method: "none" },
      expiresAt: new Date(now + 7_200_000),
      updatedAt: new Date(now + 1000),
      scope: "atproto",
    });
    expect(await store.readToken("tok-1" as TokenId)).toBeNull();
    const rotated = await store.readToken("tok-2" as TokenId);
    expect(rotated?.currentRefreshToken).toBe("ref-2");
    expect(rotated?.data.expiresAt).toEqual(new Date(now + 7_200_000));
    // The spent refresh token still leads to the token (the provider then revokes it as a replay).
    expect((await store.findTokenByRefreshToken("ref-1" as RefreshToken))?.id).toBe("tok-2");
    expect((await store.findTokenByRefreshToken("ref-2" as RefreshToken))?.id).toBe("tok-2");
    expect((await store.listAccountTokens(DID)).map((t) => t.id)).toEqual(["tok-2"]);

    await store.deleteToken("tok-2" as TokenId);
    expect(await store.findTokenByRefreshToken("ref-1" as RefreshToken)).toBeNull();
  });

  it("refuses a rotation to a refresh token that was used before", async () => {
    const store = new SqliteTokenStore(db, viewAccount);
    await store.createToken("tok-1" as TokenId, tokenData(null), "ref-1" as RefreshToken);
    const next = {
      clientAuth: { method: "none" },
      expiresAt: new Date(now),
      updatedAt: new Date(now),
      scope: "atproto",
    };
    await store.rotateToken("tok-1" as TokenId, "tok-2" as TokenId, "ref-2" as RefreshToken, next as never);
    await expect(
      store.rotateToken("tok-2" as TokenId, "tok-3" as TokenId, "ref-1" as RefreshToken, next as never),
    ).rejects.toThrow(/already in use/);
  });

  it("drops an account's tokens with the account", async () => {
    const store = new SqliteTokenStore(db, viewAccount);
    await store.createToken("tok-1" as TokenId, tokenData(null), "ref-1" as RefreshToken);
    db.prepare("DELETE FROM account WHERE did = ?").run(DID);
    expect(await store.readToken("tok-1" as TokenId)).toBeNull();
    expect(db.prepare("SELECT COUNT(*) AS n FROM oauth_token").get()).toEqual({ n: 0 });
  });
});

describe("replay store", () => {
  it("remembers a nonce across a restart until its time frame ends", async () => {
    expect(await new SqliteReplayStore(db, clock).unique("DPoP", "jti-1", 60_000)).toBe(true);
    expect(await new SqliteReplayStore(db, clock).unique("DPoP", "jti-1", 60_000)).toBe(false);
    expect(await new SqliteReplayStore(db, clock).unique("DPoP@other", "jti-1", 60_000)).toBe(true);
    closeSqlite(db);
    db = openAccountDb(file);
    expect(await new SqliteReplayStore(db, clock).unique("DPoP", "jti-1", 60_000)).toBe(false);
    now += 60_001;
    expect(await new SqliteReplayStore(db, clock).unique("DPoP", "jti-1", 60_000)).toBe(true);
  });
});

describe("devices and the accounts signed in on them", () => {
  it("lists a device's accounts with their device data and authorized clients", async () => {
    const devices = new SqliteDeviceStore(db);
    const accounts = new DeviceAccounts(db);
    const deviceId = "dev-1" as DeviceId;
    const data = {
      sessionId: "ses-1" as const,
      userAgent: "test",
      ipAddress: "127.0.0.1",
      lastSeenAt: new Date(now),
    };
    await devices.createDevice(deviceId, data);
    expect(await devices.readDevice(deviceId)).toEqual(data);
    await devices.updateDevice(deviceId, { lastSeenAt: new Date(now + 5) });
    expect((await devices.readDevice(deviceId))?.userAgent).toBe("test");

    accounts.upsert(deviceId, DID);
    accounts.setAuthorizedClient(DID, "http://localhost", { authorizedScopes: ["atproto"] });
    const [row] = accounts.list({ deviceId });
    expect(row.did).toBe(DID);
    expect(row.deviceData.lastSeenAt).toEqual(new Date(now + 5));
    expect(accounts.authorizedClients(DID).get("http://localhost")).toEqual({
      authorizedScopes: ["atproto"],
    });

    await devices.deleteDevice(deviceId);
    expect(accounts.find(deviceId, DID)).toBeUndefined();
  });
});

describe("lexicon store", () => {
  it("answers lexicons this server carries from memory, always fresh, and caches others", async () => {
    const store = new SqliteLexiconStore(db, atprotoLexicons());
    const local = await store.findLexicon("com.atproto.repo.createRecord");
    if (!local) throw new Error("a vendored lexicon was not found");
    expect(local.lexicon?.id).toBe("com.atproto.repo.createRecord");
    expect(Date.now() - local.updatedAt.getTime()).toBeLessThan(1000);
    // The provider's cache writes back what it read: a local lexicon is never shadowed by a row.
    await store.storeLexicon("com.atproto.repo.createRecord", { ...local, lexicon: null });
    expect((await store.findLexicon("com.atproto.repo.createRecord"))?.lexicon).not.toBeNull();

    expect(await store.findLexicon("com.example.perms")).toBeNull();
    const resolved = {
      createdAt: new Date(now),
      updatedAt: new Date(now),
      lastSucceededAt: null,
      uri: null,
      lexicon: null,
    };
    await store.storeLexicon("com.example.perms", resolved);
    expect(await store.findLexicon("com.example.perms")).toEqual(resolved);
    await store.deleteLexicon("com.example.perms");
    expect(await store.findLexicon("com.example.perms")).toBeNull();
  });
});
