// com.atproto.identity.resolveDid / resolveIdentity / refreshIdentity / resolveHandle on a private PDS
// (its own PLC directory; handles on other domains through a loopback DNS server), through
// @atproto/api, including the errors for missing, deactivated, unreachable and malformed identities
// and the cache being dropped on #identity events.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { AtpAgent } from "@atproto/api";
import { Secp256k1Keypair } from "@atproto/crypto";
import { cidForOp, PlcClient, signTombstone } from "@atrarium/plc";
import { createTestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure } from "./support/call-failure.ts";
import { type LoopbackDns, startLoopbackDns } from "./support/loopback-dns.ts";
import { type PrivatePds, startPrivatePds } from "./support/private-pds.ts";

let dns: LoopbackDns;
let stack: PrivatePds;
let anon: AtpAgent;
// Serves /.well-known/did.json bodies by path prefix: `/bad` a non-document, anything else 404.
let web: http.Server;
let webPort: number;

beforeAll(async () => {
  dns = await startLoopbackDns();
  stack = await startPrivatePds({ handleDnsServers: [dns.server], idResolverTimeoutMs: 1000 });
  anon = new AtpAgent({ service: stack.pdsUrl });
  web = http.createServer((req, res) => {
    if (req.url === "/.well-known/did.json" && req.headers.host?.startsWith("127.0.0.1")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ hello: "not a DID document" }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
  webPort = (web.address() as AddressInfo).port;
}, 60_000);

afterAll(async () => {
  await new Promise<void>((resolve) => (web ? web.close(() => resolve()) : resolve()));
  await stack?.close();
  await dns?.close();
});

describe("resolveDid", () => {
  it("answers the DID document of an account", async () => {
    const acct = await createTestAccount(stack.pdsUrl);
    const res = await anon.com.atproto.identity.resolveDid({ did: acct.did });
    const doc = res.data.didDoc as { id: string; alsoKnownAs: string[]; service: { id: string }[] };
    expect(doc.id).toBe(acct.did);
    expect(doc.alsoKnownAs).toEqual([`at://${acct.handle}`]);
    expect(doc.service.map((s) => s.id)).toContain("#atproto_pds");
  });

  it("DidNotFound for a DID nobody registered and for unsupported methods", async () => {
    const missing = await failure(
      anon.com.atproto.identity.resolveDid({ did: "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa" }),
    );
    expect(missing).toMatchObject({ status: 400, error: "DidNotFound" });
    const key = await failure(
      anon.com.atproto.identity.resolveDid({
        did: "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme",
      }),
    );
    expect(key).toMatchObject({
      status: 400,
      error: "DidNotFound",
      message: expect.stringContaining("Unsupported"),
    });
    const web404 = await failure(
      anon.com.atproto.identity.resolveDid({ did: `did:web:localhost%3A${webPort}` }),
    );
    expect(web404).toMatchObject({ status: 400, error: "DidNotFound" });
  });

  it("DidDeactivated for a tombstoned did:plc", async () => {
    const key = await Secp256k1Keypair.create();
    const plc = new PlcClient(stack.plcUrl);
    const did = await plc.createDid({
      signingKey: key.did(),
      handle: "gone.example.com",
      pds: "https://pds.example.com",
      rotationKeys: [key.did()],
      signer: key,
    });
    await plc.sendOperation(did, await signTombstone(await cidForOp(await plc.getLastOp(did)), key));
    const err = await failure(anon.com.atproto.identity.resolveDid({ did }));
    expect(err).toMatchObject({ status: 400, error: "DidDeactivated" });
  });

  it("UpstreamFailure for a malformed document and an unreachable host", async () => {
    const bad = await failure(
      anon.com.atproto.identity.resolveDid({ did: `did:web:127.0.0.1%3A${webPort}` }),
    );
    expect(bad).toMatchObject({ status: 502, error: "UpstreamFailure" });
    expect(bad.message).toContain("not a valid DID document");
    const down = await failure(anon.com.atproto.identity.resolveDid({ did: "did:web:127.0.0.1%3A1" }));
    expect(down).toMatchObject({ status: 502, error: "UpstreamFailure" });
    expect(down.message).toContain("did:web:127.0.0.1%3A1");
  });
});

describe("resolveIdentity and resolveHandle", () => {
  it("answers DID, verified handle and document from either identifier", async () => {
    const acct = await createTestAccount(stack.pdsUrl);
    for (const identifier of [acct.did, acct.handle]) {
      const res = await anon.com.atproto.identity.resolveIdentity({ identifier });
      expect(res.data).toMatchObject({ did: acct.did, handle: acct.handle });
      expect((res.data.didDoc as { id: string }).id).toBe(acct.did);
    }
  });

  it("HandleNotFound for handles nobody holds, here or in DNS", async () => {
    for (const handle of ["nobody-here.test", "nobody.example.com"]) {
      const viaIdentity = await failure(anon.com.atproto.identity.resolveIdentity({ identifier: handle }));
      expect(viaIdentity).toMatchObject({ status: 400, error: "HandleNotFound" });
      const viaHandle = await failure(anon.com.atproto.identity.resolveHandle({ handle }));
      expect(viaHandle).toMatchObject({ status: 400, error: "HandleNotFound" });
    }
    expect(dns.queries).toContain("_atproto.nobody.example.com");
    expect(dns.queries).not.toContain("_atproto.nobody-here.test");
  });

  it("a handle whose DNS names a DID that does not claim it is handle.invalid", async () => {
    const acct = await createTestAccount(stack.pdsUrl);
    dns.setTxt("_atproto.impostor.example.com", [`did=${acct.did}`]);
    const res = await anon.com.atproto.identity.resolveHandle({ handle: "impostor.example.com" });
    expect(res.data.did).toBe(acct.did);
    const identity = await anon.com.atproto.identity.resolveIdentity({ identifier: "impostor.example.com" });
    expect(identity.data).toMatchObject({ did: acct.did, handle: "handle.invalid" });
  });
});

describe("caching", () => {
  it("serves the cached document until an #identity event or refreshIdentity", async () => {
    const acct = await createTestAccount(stack.pdsUrl);
    const aka = async () =>
      (
        (await anon.com.atproto.identity.resolveDid({ did: acct.did })).data.didDoc as {
          alsoKnownAs: string[];
        }
      ).alsoKnownAs;
    expect(await aka()).toEqual([`at://${acct.handle}`]);

    // A change made at the PLC directory behind the PDS's back: the cache still answers the old one.
    const extra = "at://also.example.com";
    await stack.pds.ctx.plc.updateData(acct.did, stack.pds.ctx.rotationKey, (data) => ({
      ...data,
      alsoKnownAs: [...data.alsoKnownAs, extra],
    }));
    expect(await aka()).toEqual([`at://${acct.handle}`]);

    // refreshIdentity reads it anew (and needs a session).
    const noSession = await failure(anon.com.atproto.identity.refreshIdentity({ identifier: acct.did }));
    expect(noSession.status).toBe(401);
    const refreshed = await acct.agent.com.atproto.identity.refreshIdentity({ identifier: acct.did });
    expect((refreshed.data.didDoc as { alsoKnownAs: string[] }).alsoKnownAs).toContain(extra);
    expect(await aka()).toContain(extra);

    // Another change, then an #identity event from re-activation: the cache is dropped.
    await stack.pds.ctx.plc.updateData(acct.did, stack.pds.ctx.rotationKey, (data) => ({
      ...data,
      alsoKnownAs: data.alsoKnownAs.filter((a) => a !== extra),
    }));
    expect(await aka()).toContain(extra);
    await acct.agent.com.atproto.server.deactivateAccount({});
    await acct.agent.com.atproto.server.activateAccount();
    // The watcher follows the firehose log asynchronously: a bounded wait.
    let latest = await aka();
    for (let i = 0; i < 50 && latest.includes(extra); i++) {
      await sleep(100);
      latest = await aka();
    }
    expect(latest).toEqual([`at://${acct.handle}`]);
  });
});
