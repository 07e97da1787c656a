// An event that fails every attempt is retried, then lands in the dead-letter queue, whose own
// consumer stores it in SQLite: it is counted, and the receiver's cursor is no longer held by it. The
// failure is injected through the Worker's services (support/faulty-worker.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POISONED_DID as POISON } from "./support/failing-ingest.ts";
import { type FakeJetstream, fakeJetstream } from "./support/fake-jetstream.ts";
import { type PrivateWorker, privateWorker } from "./support/private-worker.ts";

async function metric(worker: PrivateWorker, name: string): Promise<number> {
  const m = new RegExp(`^${name} (\\S+)$`, "m").exec(await worker.metrics());
  return m ? Number(m[1]) : 0;
}

describe("dead letters", () => {
  let upstream: FakeJetstream;
  let worker: PrivateWorker;
  beforeAll(async () => {
    upstream = await fakeJetstream();
    worker = await privateWorker(upstream.url, {}, undefined, { faults: true });
    await fetch(`${worker.url}/xrpc/_health`);
  }, 90_000);
  afterAll(async () => {
    await worker?.stop();
    await upstream?.close();
  });

  it("stores an event that exhausted its retries and releases the cursor", async () => {
    const timeUs = Date.now() * 1000;
    upstream.send([
      JSON.stringify({
        did: POISON,
        time_us: timeUs,
        kind: "commit",
        commit: {
          rev: "3kpoison22222",
          operation: "create",
          collection: "net.atrarium.community.membership",
          rkey: "3kpoison22222",
          record: {
            community: "at://did:plc:x/net.atrarium.community.config/3kx",
            role: "member",
            joinedAt: new Date().toISOString(),
            active: true,
          },
        },
      }),
    ]);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (await metric(worker, "atrarium_dead_letters")) < 1) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await metric(worker, "atrarium_dead_letters")).toBe(1);
    expect(await metric(worker, "atrarium_queue_retried_total")).toBeGreaterThanOrEqual(3);
    expect(await metric(worker, "atrarium_queue_inflight_events")).toBe(0);
    expect(await metric(worker, "atrarium_receiver_cursor_us")).toBeGreaterThanOrEqual(timeUs);
  }, 60_000);
});
