// The OAuth Durable Objects inside workerd: a user's object keeps only ciphertext and token hashes,
// browser sessions end on logout or expiry, pending sign-ins are read until they expire, and a repo
// call without a stored session answers OAuthSessionRequired without touching any PDS.
import { env, evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { OAuthSessions } from "../../src/oauth/oauth-sessions.ts";
import { durableObjectStubs } from "../../src/stubs.ts";

const stubs = durableObjectStubs(env);
let n = 0;
const freshDid = () => `did:plc:oauthstore${String(++n).padStart(14, "0")}`;

describe("OAuthSessions", () => {
  it("checks browser sessions by hash until they end or expire, across restarts", async () => {
    const sessions = stubs.oauthSessions(freshDid());
    await sessions.openBrowser("live", Date.now() + 60_000);
    await sessions.openBrowser("other", Date.now() + 60_000);
    await sessions.openBrowser("expired", Date.now() - 1);
    expect(await sessions.checkBrowser("live")).toBe(true);
    expect(await sessions.checkBrowser("expired")).toBe(false);
    expect(await sessions.checkBrowser("unknown")).toBe(false);
    await evictDurableObject(sessions);
    expect(await sessions.checkBrowser("live")).toBe(true);
    expect(await sessions.closeBrowser("live")).toBe(1);
    expect(await sessions.checkBrowser("live")).toBe(false);
    expect(await sessions.closeBrowser("other")).toBe(0);
  });

  it("stores the sealed session as given and forgets it", async () => {
    const sessions = stubs.oauthSessions(freshDid());
    expect(await sessions.hasSession()).toBe(false);
    await sessions.saveSealed("iv.ciphertext");
    expect(await sessions.loadSealed()).toBe("iv.ciphertext");
    const rows = await runInDurableObject(sessions, (_: OAuthSessions, state) =>
      state.storage.sql.exec("SELECT sealed FROM session").toArray(),
    );
    expect(rows).toEqual([{ sealed: "iv.ciphertext" }]);
    await sessions.deleteSealed();
    expect(await sessions.loadSealed()).toBeNull();
  });

  it("answers a repo call without a session with OAuthSessionRequired", async () => {
    const did = freshDid();
    const result = await stubs.oauthSessions(did).repo(did, { kind: "get", collection: "x.y.z", rkey: "a" });
    expect(result).toMatchObject({ ok: false, status: 401, error: "OAuthSessionRequired" });
  });
});

describe("OAuthPending", () => {
  it("keeps a pending sign-in until it expires or is removed", async () => {
    const pending = stubs.oauthPending();
    await pending.put("state-1", "sealed-1", Date.now() + 60_000);
    await pending.put("state-2", "sealed-2", Date.now() - 1);
    expect(await pending.get("state-1")).toBe("sealed-1");
    expect(await pending.get("state-2")).toBeNull();
    await pending.remove("state-1");
    expect(await pending.get("state-1")).toBeNull();
  });
});
