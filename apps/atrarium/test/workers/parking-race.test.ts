// Events of different authors are applied concurrently, so a config can be claimed between the moment
// a membership or a post looked its community up (not there yet) and the moment it would be parked.
// Parked then, it would wait for a claim that already happened and never show. Here the registry's
// lookups answer as they did just before the claim, which reproduces that interleaving every time.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { JetstreamEvent } from "../../src/env.ts";
import { createIngest } from "../../src/ingest/ingest.ts";
import { durableObjectStubs, type Stubs } from "../../src/stubs.ts";
import { feedUris, OWNER } from "./community-fixtures.ts";

const real = durableObjectStubs(env);
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
let t = 1_800_000_000_000_000;

const commit = (did: string, collection: string, rkey: string, record: object) =>
  ({
    did,
    time_us: ++t,
    kind: "commit",
    commit: { rev: `3lzz${t}`, operation: "create", collection, rkey, cid: `bafy${t}`, record },
  }) as JetstreamEvent;

// The real stubs, except that the registry's lookups answer "not claimed" (the answer they gave a
// moment before a concurrent claim).
function lookupsBeforeTheClaim(): Stubs {
  const registry = real.registry();
  const stale = new Proxy(registry, {
    get(target, prop) {
      if (prop === "byConfigUri" || prop === "communityOf") return async () => null;
      if (prop === "known") return async () => [];
      return Reflect.get(target, prop);
    },
  });
  return { ...real, registry: () => stale };
}

async function claimedCommunity(id: string, rkey: string): Promise<string> {
  const ingest = createIngest({ stubs: real, communities: { forget: () => {} } });
  const event = commit(OWNER, "net.atrarium.community.config", rkey, {
    $type: "net.atrarium.community.config",
    name: `Race ${id}`,
    hashtag: `#atrarium_${id}`,
    stage: "theme",
    feedMix: { own: 100, parent: 0, global: 0 },
    moderators: [],
    createdAt: minutesAgo(10),
  });
  expect(await ingest.applyEvent(event)).toBe("applied");
  return `at://${OWNER}/net.atrarium.community.config/${rkey}`;
}

describe("a config claimed while an event was about to be parked", () => {
  const racing = createIngest({ stubs: lookupsBeforeTheClaim(), communities: { forget: () => {} } });

  it("applies a membership instead of parking it for a claim that already happened", async () => {
    const member = "did:plc:racingmember000000000000";
    const configUri = await claimedCommunity("7ace0001", "3lzzracea2222");
    const joined = await racing.applyEvent(
      commit(member, "net.atrarium.community.membership", "m1", {
        $type: "net.atrarium.community.membership",
        community: configUri,
        role: "member",
        joinedAt: minutesAgo(5),
        active: true,
      }),
    );
    expect(joined).toBe("applied");
    const members = await real.community("7ace0001").read({ kind: "members", limit: 10 });
    expect(JSON.stringify(members)).toContain(member);
  });

  it("places a post whose hashtag was claimed after the lookup", async () => {
    const author = "did:plc:racingauthor000000000000";
    const configUri = await claimedCommunity("7ace0002", "3lzzraceb2222");
    const ingest = createIngest({ stubs: real, communities: { forget: () => {} } });
    await ingest.applyEvent(
      commit(author, "net.atrarium.community.membership", "m2", {
        $type: "net.atrarium.community.membership",
        community: configUri,
        role: "member",
        joinedAt: minutesAgo(5),
        active: true,
      }),
    );
    await racing.applyPosts([
      commit(author, "app.bsky.feed.post", "p1", {
        $type: "app.bsky.feed.post",
        text: "late #atrarium_7ace0002",
        createdAt: minutesAgo(1),
      }),
    ]);
    expect(await feedUris(real.community("7ace0002"))).toEqual([`at://${author}/app.bsky.feed.post/p1`]);
  });
});
