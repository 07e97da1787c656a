// Jetstream keeps its own upstream cursor in the same SQLite transaction as the events: killed with
// SIGKILL in the middle of a backlog and restarted, it neither loses nor duplicates an event.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Devnet, startDevnet } from "@atrarium/devnet";
import type { JetstreamStats } from "@atrarium/jetstream";
import {
  commitsOf,
  createTestAccount,
  freePorts,
  openCollector,
  subscribeUrl,
  type TestAccount,
} from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const COLLECTION = "net.atrarium.test.note";
type Op = { did: string; rkey: string; operation: "create" | "update" | "delete" };

describe("Jetstream restart (SIGKILL mid-backlog)", () => {
  let dir: string;
  let devnet: Devnet;
  let jetstreamUrl: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "jetstream-restart-"));
    const [plc, pds, jetstream] = await freePorts(3);
    devnet = await startDevnet({ dataDir: dir, seed: false, worker: false, ports: { plc, pds, jetstream } });
    jetstreamUrl = `http://127.0.0.1:${jetstream}`;
  });
  afterAll(async () => {
    await devnet?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const stats = async () => (await (await fetch(`${jetstreamUrl}/stats`)).json()) as JetstreamStats;
  async function waitForEvents(n: number): Promise<void> {
    const deadline = Date.now() + 30_000;
    while ((await stats()).log.events < n) {
      if (Date.now() > deadline) throw new Error(`log has ${(await stats()).log.events} of ${n} events`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  // Commits of 5 ops each: creates, then updates and deletes of earlier records.
  async function writeCommits(accts: TestAccount[], count: number, tag: string, ops: Op[]): Promise<void> {
    for (let i = 0; i < count; i++) {
      const acct = accts[i % accts.length];
      const writes = Array.from({ length: 5 }, (_, j) => {
        const rkey = `${tag}${i}-${j}`;
        ops.push({ did: acct.did, rkey, operation: "create" });
        return {
          $type: "com.atproto.repo.applyWrites#create" as const,
          collection: COLLECTION,
          rkey,
          value: { $type: COLLECTION, text: `${tag} ${i} ${j}`, createdAt: new Date().toISOString() },
        };
      });
      if (i >= accts.length) {
        const earlier = `${tag}${i - accts.length}-0`;
        ops.push({ did: acct.did, rkey: earlier, operation: "update" });
        ops.push({ did: acct.did, rkey: `${tag}${i - accts.length}-1`, operation: "delete" });
        writes.push({
          $type: "com.atproto.repo.applyWrites#update" as never,
          collection: COLLECTION,
          rkey: earlier,
          value: { $type: COLLECTION, text: "updated", createdAt: new Date().toISOString() },
        });
        writes.push({
          $type: "com.atproto.repo.applyWrites#delete" as never,
          collection: COLLECTION,
          rkey: `${tag}${i - accts.length}-1`,
        } as never);
      }
      await acct.agent.com.atproto.repo.applyWrites({ repo: acct.did, writes });
    }
  }

  it("replays the backlog exactly once across kills and restarts", async () => {
    const accts = await Promise.all([createTestAccount(devnet.pdsUrl), createTestAccount(devnet.pdsUrl)]);
    const ops: Op[] = [];
    await writeCommits(accts, 10, "a", ops);
    const base = accts.length * 2; // #identity and #account per account
    await waitForEvents(base + ops.length);

    const jetstream = devnet.components.get("Jetstream");
    await jetstream?.kill();
    await writeCommits(accts, 150, "b", ops);
    await devnet.restart("Jetstream");
    // Kill again while it works through the backlog.
    const before = (await stats()).log.events;
    const deadline = Date.now() + 10_000;
    while ((await stats()).log.events === before && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    const atKill = (await stats()).log.events;
    await devnet.components.get("Jetstream")?.kill();
    expect(atKill).toBeLessThan(base + ops.length);

    await writeCommits(accts, 10, "c", ops);
    await devnet.restart("Jetstream");
    await waitForEvents(base + ops.length);
    // A fence commit: Jetstream takes upstream events in order, so an event replayed twice would land
    // in the log before the fence does. Once a live subscriber has the fence, the count is final.
    const tail = await openCollector(subscribeUrl(jetstreamUrl, { wantedDids: accts[0].did }));
    await writeCommits(accts.slice(0, 1), 1, "fence", ops);
    const lastRkey = ops[ops.length - 1].rkey;
    await tail.waitFor((e) => commitsOf(e).some((c) => c.rkey === lastRkey));
    tail.close();
    const final = await stats();
    expect(final.log.events).toBe(base + ops.length);
    expect(final.upstreams[0]).toMatchObject({ commitsRejected: 0, invalidSkipped: 0 });

    const sub = await openCollector(subscribeUrl(jetstreamUrl, { cursor: "0" }));
    const events = await sub.waitFor((e) => e.length >= base + ops.length, 20_000);
    sub.close();
    for (let i = 1; i < events.length; i++) expect(events[i].time_us).toBeGreaterThan(events[i - 1].time_us);
    const got = commitsOf(events).map((c) => `${c.did} ${c.rkey} ${c.operation}`);
    expect(got).toEqual(ops.map((o) => `${o.did} ${o.rkey} ${o.operation}`));
    const keys = commitsOf(events).map((c) => `${c.rev} ${c.rkey}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
