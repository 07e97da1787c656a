// The whole `wrangler dev` process group is SIGKILLed mid-stream (its local queue loses whatever it
// held in memory) and restarted on the same persisted state: every post ends up in the feed once.

import type { InProcessStack } from "@atrarium/devnet";
import { createTestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommunity, feedUris, join, post, waitForFeed } from "./support/community-scenario.ts";
import { type PrivateWorker, privatePipeline } from "./support/private-worker.ts";

describe("worker crash and restart", () => {
  let stack: InProcessStack;
  let worker: PrivateWorker;
  beforeAll(async () => {
    ({ stack, worker } = await privatePipeline());
  }, 90_000);
  afterAll(async () => {
    await worker?.stop();
    await stack?.close();
  });

  it("loses nothing and doubles nothing across a SIGKILL", async () => {
    const owner = await createTestAccount(stack.pdsUrl);
    const member = await createTestAccount(stack.pdsUrl);
    const community = await createCommunity(owner.agent);
    await join(member.agent, community);
    const first = await post(member.agent, `before ${community.hashtag}`);
    await waitForFeed(worker.url, community.feed, (u) => u.includes(first));

    const uris = [first];
    for (let i = 0; i < 40; i++) {
      uris.push(await post(member.agent, `burst ${i} ${community.hashtag}`));
      if (i === 15) await worker.kill();
    }
    // The port is closed: nothing answers while it is down.
    await expect(fetch(`${worker.url}/xrpc/_health`)).rejects.toThrow();
    await worker.start();
    const feed = await waitForFeed(
      worker.url,
      community.feed,
      (u) => uris.every((x) => u.includes(x)),
      30_000,
    );
    expect(feed.length).toBe(uris.length);
    expect(new Set(feed).size).toBe(feed.length);
    expect(await feedUris(worker.url, community.feed)).toEqual([...uris].reverse());
  }, 90_000);
});
