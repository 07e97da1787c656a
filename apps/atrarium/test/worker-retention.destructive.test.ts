// Retention: with a window of a few seconds, the community DO's alarm purges old posts.
import type { InProcessStack } from "@atrarium/devnet";
import { createTestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, it } from "vitest";
import { createCommunity, post, waitForFeed } from "./support/community-scenario.ts";
import { type PrivateWorker, privatePipeline } from "./support/private-worker.ts";

describe("retention", () => {
  let stack: InProcessStack;
  let worker: PrivateWorker;
  beforeAll(async () => {
    ({ stack, worker } = await privatePipeline({ RETENTION_SECONDS: "3" }));
  }, 90_000);
  afterAll(async () => {
    await worker?.stop();
    await stack?.close();
  });

  it("purges posts older than the window", async () => {
    const owner = await createTestAccount(stack.pdsUrl);
    const community = await createCommunity(owner.agent);
    const uri = await post(owner.agent, `short-lived ${community.hashtag}`);
    await waitForFeed(worker.url, community.feed, (u) => u.includes(uri));
    await waitForFeed(worker.url, community.feed, (u) => !u.includes(uri), 15_000);
  }, 60_000);
});
