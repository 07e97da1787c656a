// Abuse that per-DID limits alone let through: identities made up by the dozen (each DID gets its
// own budget, so the IP pays too), tokens whose issuer's document cannot be fetched (charged to the
// IP and remembered, so the Worker is no free fetcher of https://<host>/.well-known/did.json), and
// the operator views: /metrics behind the operator's bearer token, a community's rebuild status for
// its owner and moderators only, limited per IP and per community. Each case comes from addresses
// of its own (wrangler dev keeps a CF-Connecting-IP the client sends), so no case waits for a window.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Secp256k1Keypair } from "@atproto/crypto";
import { COMMUNITY_GET_NSID, COMMUNITY_LIST_NSID } from "@atrarium/lexicon";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REBUILD_STATUS_LXM } from "../src/api/method.ts";
import { callApi, eventually, serviceJwt } from "./support/api-client.ts";
import { type ApiPipeline, apiPipeline } from "./support/api-pipeline.ts";
import { type Community, createCommunity } from "./support/community-scenario.ts";
import { ownIdentity, signServiceJwt } from "./support/own-identity.ts";
import { privateWorker } from "./support/private-worker.ts";

const LIST = `/xrpc/${COMMUNITY_LIST_NSID}`;
const from = (ip: string) => ({ "cf-connecting-ip": ip });
let spareIp = 0;
// An address no other call used, for calls whose budget does not matter here.
const freshIp = () => `203.0.113.${++spareIp}`;

describe("abuse limits", () => {
  let p: ApiPipeline;

  beforeAll(async () => {
    p = await apiPipeline({
      vars: { API_RATE_LIMIT: "3", API_IP_RATE_LIMIT: "4", REBUILD_RATE_LIMIT: "2" },
    });
  }, 90_000);
  afterAll(async () => {
    await p?.close();
  });

  it("charges signed-in calls to the IP too: fresh identities do not bring fresh budgets", async () => {
    const call = async (ip: string) => {
      const own = await ownIdentity(p.stack.plcUrl);
      const token = await signServiceJwt(own.key, { iss: own.did, aud: p.did, lxm: COMMUNITY_LIST_NSID });
      return callApi(p.url, LIST, { token, headers: from(ip) });
    };
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await call("198.51.100.1")).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    expect((await call("198.51.100.2")).status).toBe(200);
  });

  describe("an issuer whose DID document cannot be fetched", () => {
    let host: Server;
    let fetched = 0;
    beforeAll(async () => {
      host = createServer((_req, res) => {
        fetched++;
        res.writeHead(500).end("down");
      });
      await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
    });
    afterAll(async () => {
      await new Promise((resolve) => host?.close(resolve));
    });

    it("costs the IP a failed authentication, and is not fetched again for every token", async () => {
      const did = `did:web:127.0.0.1%3A${(host.address() as AddressInfo).port}`;
      const key = await Secp256k1Keypair.create();
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const token = await signServiceJwt(key, { iss: did, aud: p.did, lxm: COMMUNITY_LIST_NSID });
        const res = await callApi(p.url, LIST, { token, headers: from("198.51.100.3") });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([503, 503, 503, 429, 429]);
      expect(fetched).toBe(1);
    });
  });

  it("serves /metrics to the operator's bearer token only", async () => {
    const metrics = (headers: Record<string, string> = {}) => fetch(`${p.url}/metrics`, { headers });
    expect((await metrics()).status).toBe(401);
    expect((await metrics({ authorization: "Bearer not-the-token" })).status).toBe(401);
    expect((await metrics({ authorization: `Basic ${p.worker.metricsToken}` })).status).toBe(401);
    const res = await metrics({ authorization: `Bearer ${p.worker.metricsToken}` });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^atrarium_receiver_connected [01]$/m);
  });

  it("answers 404 on /metrics when no token is configured", async () => {
    const bare = await privateWorker(p.stack.jetstreamUrl as string, { METRICS_TOKEN: "" }, p.stack.plcUrl);
    try {
      expect((await fetch(`${bare.url}/metrics`)).status).toBe(404);
      expect((await fetch(`${bare.url}/metrics`, { headers: { authorization: "Bearer " } })).status).toBe(
        404,
      );
    } finally {
      await bare.stop();
    }
  });

  describe("a community's rebuild status", () => {
    let owner: TestAccount;
    let mod: TestAccount;
    let outsider: TestAccount;
    let otherOwner: TestAccount;
    let community: Community;
    let other: Community;
    const status = async (who: TestAccount | null, c: Community, ip: string) =>
      callApi(p.url, `/api/communities/${c.id}/rebuild`, {
        token: who ? await serviceJwt(who.agent, p.did, REBUILD_STATUS_LXM) : undefined,
        headers: from(ip),
      });

    beforeAll(async () => {
      [owner, mod, outsider, otherOwner] = await Promise.all(
        Array.from({ length: 4 }, () => createTestAccount(p.stack.pdsUrl)),
      );
      community = await createCommunity(owner.agent, { moderators: [mod.did] });
      other = await createCommunity(otherOwner.agent);
      for (const c of [community, other])
        await eventually(
          async () =>
            (
              await callApi(p.url, `/xrpc/${COMMUNITY_GET_NSID}?community=${c.id}`, {
                headers: from(freshIp()),
              })
            ).status === 200,
          20_000,
          `community ${c.id} indexed from the stream`,
        );
    }, 60_000);

    it("is for the owner and the moderators only", async () => {
      expect(await status(null, community, "198.51.100.10")).toMatchObject({
        status: 401,
        body: { error: "AuthenticationRequired" },
      });
      expect(await status(outsider, community, "198.51.100.11")).toMatchObject({
        status: 403,
        body: { error: "Forbidden" },
      });
      const seen = await status(mod, community, "198.51.100.12");
      expect(seen.status, JSON.stringify(seen.body)).toBe(200);
      expect(seen.body).toMatchObject({ community: community.id, rebuild: { state: expect.any(String) } });
    });

    it("is limited per community and per IP", async () => {
      // The moderator's read above used one of the community's two.
      expect((await status(owner, community, "198.51.100.13")).status).toBe(200);
      expect(await status(owner, community, "198.51.100.13")).toMatchObject({
        status: 429,
        body: { error: "RateLimitExceeded" },
      });
      expect((await status(mod, community, "198.51.100.14")).status).toBe(429);
      // 198.51.100.13 has used its two reads (the refused one counts for the address).
      expect((await status(otherOwner, other, "198.51.100.13")).status).toBe(429);
      expect((await status(otherOwner, other, "198.51.100.15")).status).toBe(200);
    });
  });
});
