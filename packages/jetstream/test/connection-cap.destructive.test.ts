// One client address cannot open more than JETSTREAM_MAX_CONNECTIONS_PER_IP subscriptions: the next
// upgrade is refused with 429 and an XRPC error body, and a slot frees when a subscription closes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Collector, openCollector, subscribeUrl, upgradeStatus } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJetstream, type Jetstream } from "../src/index.ts";

describe("Jetstream connections per IP", () => {
  let dir: string;
  let jetstream: Jetstream;
  const open: Collector[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "jetstream-cap-"));
    jetstream = await createJetstream(
      { port: 0, dataDir: dir, upstreams: [], logLevel: "silent" },
      { JETSTREAM_MAX_CONNECTIONS_PER_IP: "3" },
    );
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await jetstream?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function untilSubscribers(n: number): Promise<void> {
    const deadline = Date.now() + 5000;
    while (jetstream.stats().subscribers !== n) {
      if (Date.now() > deadline) throw new Error(`${jetstream.stats().subscribers} subscribers, not ${n}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it("refuses the upgrade over the cap with 429 RateLimitExceeded; a closed one frees its slot", async () => {
    for (let i = 0; i < 3; i++) open.push(await openCollector(subscribeUrl(jetstream.url)));
    const refused = await upgradeStatus(subscribeUrl(jetstream.url));
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: "RateLimitExceeded", message: expect.any(String) });
    // Plain HTTP is not capped.
    expect((await fetch(`${jetstream.url}/xrpc/_health`)).status).toBe(200);
    open.shift()?.close();
    await untilSubscribers(2);
    open.push(await openCollector(subscribeUrl(jetstream.url)));
    expect(jetstream.stats().subscribers).toBe(3);
    expect(jetstream.stats().subscribersRefused).toBe(1);
  });
});
