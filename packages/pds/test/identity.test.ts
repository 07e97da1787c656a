import http from "node:http";
import { verifySignature } from "@atproto/crypto";
import { createTestAccount, localIdResolver } from "@atrarium/testkit";
import { describe, expect, inject, it } from "vitest";

const { pdsUrl, plcUrl } = inject("devnet");

// fetch() does not let a caller set Host; node:http does, as a reverse proxy would forward it.
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { host } }, (res) => {
      let body = "";
      res.on("data", (d) => {
        body += d;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
  });
}

describe("identity", () => {
  it("the DID document from our PLC resolves with @atproto/identity", async () => {
    const acct = await createTestAccount(pdsUrl);
    const resolver = localIdResolver(plcUrl, pdsUrl);
    const data = await resolver.did.resolveAtprotoData(acct.did);
    expect(data.handle).toBe(acct.handle);
    expect(new URL(data.pds).port).toBe(new URL(pdsUrl).port);
    expect(data.signingKey).toMatch(/^did:key:z/);
    expect(await resolver.handle.resolve(acct.handle)).toBe(acct.did);
  });

  it("resolveHandle answers local handles and HandleNotFound otherwise", async () => {
    const acct = await createTestAccount(pdsUrl);
    const res = await acct.agent.com.atproto.identity.resolveHandle({ handle: acct.handle });
    expect(res.data.did).toBe(acct.did);
    await expect(
      acct.agent.com.atproto.identity.resolveHandle({ handle: "nobody-here.test" }),
    ).rejects.toMatchObject({
      status: 400,
    });
  });

  it("serves /.well-known/atproto-did by Host header", async () => {
    const acct = await createTestAccount(pdsUrl);
    const res = await getWithHost(`${pdsUrl}/.well-known/atproto-did`, acct.handle);
    expect(res.status).toBe(200);
    expect(res.body).toBe(acct.did);
    const missing = await getWithHost(`${pdsUrl}/.well-known/atproto-did`, "nobody.test");
    expect(missing.status).toBe(404);
  });

  it("getServiceAuth issues an ES256K JWT verifiable with the account's DID key", async () => {
    const acct = await createTestAccount(pdsUrl);
    const res = await acct.agent.com.atproto.server.getServiceAuth({
      aud: "did:web:atrarium.test",
      lxm: "net.atrarium.community.list",
    });
    const [h, p, s] = res.data.token.split(".");
    const header = JSON.parse(Buffer.from(h, "base64url").toString());
    const payload = JSON.parse(Buffer.from(p, "base64url").toString());
    expect(header.alg).toBe("ES256K");
    expect(payload).toMatchObject({
      iss: acct.did,
      aud: "did:web:atrarium.test",
      lxm: "net.atrarium.community.list",
    });
    expect(typeof payload.jti).toBe("string");
    expect(payload.exp).toBeGreaterThan(payload.iat);
    const key = (await localIdResolver(plcUrl, pdsUrl).did.resolveAtprotoData(acct.did)).signingKey;
    const signed = new TextEncoder().encode(`${h}.${p}`);
    expect(await verifySignature(key, signed, Buffer.from(s, "base64url"))).toBe(true);
    expect(
      await verifySignature(key, new TextEncoder().encode(`${h}.x${p}`), Buffer.from(s, "base64url")),
    ).toBe(false);
  });

  it("getServiceAuth rejects expirations more than an hour out", async () => {
    const acct = await createTestAccount(pdsUrl);
    const exp = Math.floor(Date.now() / 1000) + 2 * 60 * 60;
    await expect(
      acct.agent.com.atproto.server.getServiceAuth({ aud: "did:web:x.test", lxm: "a.b.c", exp }),
    ).rejects.toMatchObject({ status: 400, error: "BadExpiration" });
  });
});
