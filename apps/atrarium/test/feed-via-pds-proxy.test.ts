// A Bluesky-style client asks its own PDS for the feed with `atproto-proxy`: our PDS resolves the
// Worker's did:web, signs a service JWT and forwards to the Worker's #bsky_fg endpoint.
import { createTestAccount } from "@atrarium/testkit";
import { describe, expect, inject, it } from "vitest";
import { createCommunity, post, waitForFeed } from "./support/community-scenario.ts";

const { pdsUrl, workerUrl } = inject("devnet");

describe("getFeedSkeleton through our PDS", () => {
  it("is proxied to the Worker named by atproto-proxy", async () => {
    const owner = await createTestAccount(pdsUrl);
    const community = await createCommunity(owner.agent);
    const uri = await post(owner.agent, `proxied ${community.hashtag}`);
    await waitForFeed(workerUrl, community.feed, (u) => u.includes(uri));
    const { id: serviceDid } = (await (await fetch(`${workerUrl}/.well-known/did.json`)).json()) as {
      id: string;
    };
    const res = await fetch(
      `${pdsUrl}/xrpc/app.bsky.feed.getFeedSkeleton?feed=${encodeURIComponent(community.feed)}&limit=10`,
      {
        headers: {
          authorization: `Bearer ${owner.agent.session?.accessJwt}`,
          "atproto-proxy": `${serviceDid}#bsky_fg`,
        },
      },
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { feed: { post: string }[] };
    expect(body.feed.map((f) => f.post)).toContain(uri);
  });
});
