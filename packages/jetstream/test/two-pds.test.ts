// One Jetstream fed by two PDS instances; a third-party client (@skyware/jetstream) and a plain
// WebSocket subscriber both receive records written with @atproto/api to either PDS.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createJetstream, type Jetstream } from "@atrarium/jetstream";
import { createPds, type Pds } from "@atrarium/pds";
import {
  commitsOf,
  createRecord,
  createTestAccount,
  openCollector,
  subscribeUrl,
  type TestAccount,
} from "@atrarium/testkit";
import { type CommitEvent, Jetstream as SkywareJetstream } from "@skyware/jetstream";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import WebSocket from "ws";

const { plcUrl, pdsUrl } = inject("devnet");
const COLLECTION = "net.atrarium.community.membership";

describe("Jetstream over two PDS firehoses", () => {
  let dir: string;
  let pds2: Pds;
  let jetstream: Jetstream;
  let a: TestAccount;
  let b: TestAccount;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "jetstream-two-pds-"));
    pds2 = await createPds(
      { port: 0, dataDir: path.join(dir, "pds2"), plcUrl, logLevel: "warn", inviteRequired: false },
      { PDS_BIND_HOST: "127.0.0.1" },
    );
    jetstream = await createJetstream(
      {
        port: 0,
        dataDir: path.join(dir, "jetstream"),
        upstreams: [pdsUrl, pds2.url],
        plcUrl,
        logLevel: "warn",
      },
      {},
    );
    [a, b] = await Promise.all([createTestAccount(pdsUrl), createTestAccount(pds2.url)]);
  });

  afterAll(async () => {
    await jetstream?.close();
    await pds2?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("@skyware/jetstream and a plain WebSocket see commits from both PDSes", async () => {
    const skyware = new SkywareJetstream({
      ws: WebSocket,
      endpoint: subscribeUrl(jetstream.url),
      wantedCollections: ["net.atrarium.*"],
      wantedDids: [a.did, b.did],
    });
    const viaSkyware: CommitEvent<typeof COLLECTION>[] = [];
    skyware.onCreate(COLLECTION, (evt) => viaSkyware.push(evt));
    const opened = new Promise((r) => skyware.once("open", r));
    skyware.start();
    await opened;
    const plain = await openCollector(subscribeUrl(jetstream.url, { wantedDids: [a.did, b.did] }));

    const ra = await createRecord(a.agent, COLLECTION, { community: "at://x/y/z", role: "member" });
    const rb = await createRecord(b.agent, COLLECTION, { community: "at://x/y/z", role: "owner" });
    const events = await plain.waitFor((e) => commitsOf(e).length >= 2);
    const deadline = Date.now() + 10_000;
    while (viaSkyware.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    skyware.close();
    plain.close();

    const byDid = (did: string) => commitsOf(events).find((c) => c.did === did);
    expect(byDid(a.did)).toMatchObject({ rkey: ra.rkey, cid: ra.cid, record: { role: "member" } });
    expect(byDid(b.did)).toMatchObject({ rkey: rb.rkey, cid: rb.cid, record: { role: "owner" } });
    expect(viaSkyware.map((e) => [e.did, e.commit.rkey, (e.commit as { cid?: string }).cid]).sort()).toEqual(
      [
        [a.did, ra.rkey, ra.cid],
        [b.did, rb.rkey, rb.cid],
      ].sort(),
    );
    // Handles of either PDS are verified through that PDS's resolveHandle.
    const replay = await openCollector(subscribeUrl(jetstream.url, { wantedDids: b.did, cursor: "0" }));
    const identity = (await replay.waitFor((e) => e.some((x) => x.kind === "identity"))).find(
      (x) => x.kind === "identity",
    );
    replay.close();
    expect(identity).toMatchObject({ identity: { did: b.did, handle: b.handle } });
    const stats = jetstream.stats();
    expect(stats.upstreams.map((u) => u.commitsRejected)).toEqual([0, 0]);
  });
});
