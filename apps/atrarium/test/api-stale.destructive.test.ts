// Stale data on a private devnet whose processes can be killed: when the owner's PDS is SIGKILLed a
// refresh of the community fails and answers turn stale (still 200 from the index, with
// `"stale": true` and `Atrarium-Stale: true`); once the PDS is back the background retry recovers.
// Likewise while the receiver has lost Jetstream for longer than STALE_SECONDS.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Devnet, startDevnet } from "@atrarium/devnet";
import { COMMUNITY_GET_NSID } from "@atrarium/lexicon";
import { createTestAccount, freePorts, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REBUILD_STATUS_LXM } from "../src/api/method.ts";
import { callApi, eventually, serviceJwt } from "./support/api-client.ts";
import { LAX_LIMITS } from "./support/api-pipeline.ts";
import { type Community, createCommunity, post } from "./support/community-scenario.ts";
import { type PrivateWorker, privateWorker } from "./support/private-worker.ts";

describe("stale data", () => {
  let devnet: Devnet;
  let worker: PrivateWorker;
  let community: Community;
  let owner: TestAccount;
  const dataDir = mkdtempSync(path.join(tmpdir(), "atrarium-stale-"));
  const get = () =>
    callApi<{ community?: { name: string }; stale: boolean }>(
      worker.url,
      `/xrpc/${COMMUNITY_GET_NSID}?community=${community.id}`,
    );

  beforeAll(async () => {
    const [plc, pds, jetstream, unusedWorker, inspector] = await freePorts(5);
    devnet = await startDevnet({
      dataDir,
      ports: { plc, pds, jetstream, worker: unusedWorker, workerInspector: inspector },
      seed: false,
      worker: false,
    });
    worker = await privateWorker(`ws://127.0.0.1:${jetstream}`, {
      ...LAX_LIMITS,
      PLC_URL: `http://127.0.0.1:${plc}`,
      REFRESH_SECONDS: "1",
      STALE_SECONDS: "2",
      SYNC_RETRY_MAX_SECONDS: "1",
    });
    owner = await createTestAccount(`http://127.0.0.1:${pds}`);
    community = await createCommunity(owner.agent);
    await post(owner.agent, `hello ${community.hashtag}`);
    await eventually(async () => (await get()).status === 200, 20_000, "community indexed from the stream");
  }, 90_000);
  afterAll(async () => {
    await worker?.stop();
    await devnet?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("turns stale when the owner's PDS is killed, and recovers when it is back", async () => {
    await eventually(async () => (await get()).body.stale === false, 10_000, "fresh");
    // The owner's PDS mints the token for the rebuild status below, so before it goes down.
    const workerDid = `did:web:localhost%3A${new URL(worker.url).port}`;
    const rebuildToken = await serviceJwt(owner.agent, workerDid, REBUILD_STATUS_LXM);
    await devnet.components.get("PDS")?.kill();
    const stale = await eventually(
      async () => {
        const res = await get();
        return res.body.stale ? res : null;
      },
      15_000,
      "stale after the PDS died",
    );
    expect(stale.status).toBe(200);
    expect(stale.headers.get("atrarium-stale")).toBe("true");
    expect(stale.body.community?.name).toBe(`Test ${community.id}`);
    const rebuild = await callApi<{ refresh: { failing: boolean; error?: string } }>(
      worker.url,
      `/api/communities/${community.id}/rebuild`,
      { token: rebuildToken },
    );
    expect(rebuild.body.refresh.failing).toBe(true);

    await devnet.restart("PDS");
    const fresh = await eventually(
      async () => {
        const res = await get();
        return res.body.stale === false ? res : null;
      },
      20_000,
      "recovered after the PDS came back",
    );
    expect(fresh.headers.get("atrarium-stale")).toBeNull();
  }, 60_000);

  it("turns stale while the receiver has lost Jetstream for longer than STALE_SECONDS", async () => {
    await devnet.components.get("Jetstream")?.kill();
    const stale = await eventually(
      async () => {
        const res = await get();
        return res.body.stale ? res : null;
      },
      15_000,
      "stale after Jetstream died",
    );
    expect(stale.status).toBe(200);
    await devnet.restart("Jetstream");
    await eventually(async () => (await get()).body.stale === false, 40_000, "receiver reconnected").catch(
      async (err) => {
        const metrics = await worker.metrics();
        throw new Error(`${(err as Error).message}\n${metrics}`);
      },
    );
  }, 70_000);
});
