// A community whose index is lost is rebuilt from the network when a read finds it empty; while the
// owner's PDS fails, the rebuild retries with backoff. Reads must not restart it: otherwise every
// anonymous read would make the Worker hit the owner's PDS (and the relay) once more.
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REBUILD_STATUS_LXM } from "../src/api/method.ts";
import { callApi, eventually } from "./support/api-client.ts";
import { type ApiPipeline, apiPipeline } from "./support/api-pipeline.ts";
import { dropStorage } from "./support/drop-index.ts";
import { ownIdentity, signServiceJwt } from "./support/own-identity.ts";
import { ownerOf } from "./support/stream-relay.ts";

describe("rebuild of a community whose owner's PDS is down", () => {
  let p: ApiPipeline;
  let pds: Server;
  let pdsCalls = 0;

  beforeAll(async () => {
    pds = createServer((_req, res) => {
      pdsCalls++;
      res.writeHead(500, { "content-type": "application/json" }).end('{"error":"InternalServerError"}');
    });
    await new Promise<void>((resolve) => pds.listen(0, "127.0.0.1", resolve));
    // No rewind on reconnect: the restarted Worker must not get the config again from the stream.
    p = await apiPipeline({
      jetstream: false,
      vars: { SYNC_RETRY_MAX_SECONDS: "60", REBUILD_RATE_LIMIT: "10000", RECONNECT_REWIND_SECONDS: "0" },
    });
  }, 90_000);
  afterAll(async () => {
    await p?.close();
    await new Promise((resolve) => pds?.close(resolve));
  });

  it("is retried with backoff, not once per read", async () => {
    const own = await ownIdentity(p.stack.plcUrl, {
      pds: `http://127.0.0.1:${(pds.address() as AddressInfo).port}`,
    });
    const id = randomBytes(4).toString("hex");
    const rkey = "3kaaaaaaaaaa2";
    p.silent?.send([
      JSON.stringify({
        did: own.did,
        time_us: Date.now() * 1000,
        kind: "commit",
        commit: {
          rev: rkey,
          operation: "create",
          collection: "net.atrarium.community.config",
          rkey,
          record: {
            $type: "net.atrarium.community.config",
            name: "Down",
            hashtag: `#atrarium_${id}`,
            stage: "theme",
            feedMix: { own: 100, parent: 0, global: 0 },
            moderators: [],
            createdAt: new Date().toISOString(),
          },
          cid: "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm",
        },
      }),
    ]);
    await eventually(async () => (await ownerOf(p, id)) === own.did, 15_000, "community registered");

    // The community's index is lost; the registry still knows it.
    await p.worker.kill();
    expect(dropStorage(p.worker.persistTo, ["CommunityFeed", "CommunitySync"])).toEqual([
      "CommunityFeed",
      "CommunitySync",
    ]);
    await p.worker.start();
    const read = (n: number) =>
      callApi(p.url, `/api/communities/${id}`, { headers: { "cf-connecting-ip": `192.0.2.${n}` } });
    expect(await read(1)).toMatchObject({ status: 503, body: { error: "CommunityUnavailable" } });
    await eventually(async () => pdsCalls > 0, 15_000, "a first rebuild attempt");
    // The rebuild's state as its owner sees it: once it is neither pending nor running, whatever a
    // read may have started has reached the PDS.
    const settled = () =>
      eventually(
        async () => {
          const token = await signServiceJwt(own.key, { iss: own.did, aud: p.did, lxm: REBUILD_STATUS_LXM });
          const res = await callApi<{ rebuild: { state: string } }>(p.url, `/api/communities/${id}/rebuild`, {
            token,
          });
          return res.status === 200 && !["pending", "running"].includes(res.body.rebuild.state);
        },
        15_000,
        "rebuild settled",
      );
    await settled();
    const before = pdsCalls;
    const started = Date.now();
    for (let i = 0; i < 10; i++) {
      expect((await read(10 + i)).status).toBe(503);
      await settled();
    }
    // Retries come after 1 s, 2 s, 4 s ...: that many fit in the time the reads took, and no more.
    const retries = Math.ceil(Math.log2((Date.now() - started) / 1000 + 1)) + 1;
    expect(pdsCalls - before).toBeLessThanOrEqual(retries);
  });
});
