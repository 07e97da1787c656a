// #account events inside workerd: an inactive account's posts (any status) leave the community feed
// and come back when it is active again, replays of older events change nothing, and the ingest path
// (RecordIndex -> every community the account has records in) gets the event from the queue's shape.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { JetstreamEvent } from "../../src/env.ts";
import { createIngest } from "../../src/ingest/ingest.ts";
import { durableObjectStubs } from "../../src/stubs.ts";
import { ALICE, BOB, feedUris, OWNER, post, seededCommunity } from "./community-fixtures.ts";

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

describe("CommunityFeed.setAuthorStatus", () => {
  it("hides an inactive author's posts for every inactive status and shows them again once active", async () => {
    const stub = await seededCommunity([ALICE, BOB]);
    const alice = post(ALICE, "a1", { createdAt: minutesAgo(2) });
    const bob = post(BOB, "b1", { createdAt: minutesAgo(1) });
    await stub.applyPost(alice);
    await stub.applyPost(bob);
    expect(await feedUris(stub)).toEqual([bob.uri, alice.uri]);

    let t = 1_000;
    for (const status of ["deactivated", "takendown", "suspended", "deleted"]) {
      expect(await stub.setAuthorStatus({ did: ALICE, active: false, status, timeUs: ++t })).toBe(true);
      expect(await feedUris(stub)).toEqual([bob.uri]);
      expect(await stub.setAuthorStatus({ did: ALICE, active: true, timeUs: ++t })).toBe(true);
      expect(await feedUris(stub)).toEqual([bob.uri, alice.uri]);
    }
  });

  it("ignores a replayed older event, and the membership stays while the account is inactive", async () => {
    const stub = await seededCommunity([ALICE]);
    const alice = post(ALICE, "a1");
    await stub.applyPost(alice);
    await stub.setAuthorStatus({ did: ALICE, active: false, status: "deactivated", timeUs: 200 });
    expect(await stub.setAuthorStatus({ did: ALICE, active: true, timeUs: 100 })).toBe(false);
    expect(await feedUris(stub)).toEqual([]);
    const members = await stub.read({ kind: "members", limit: 10 });
    expect(JSON.stringify(members)).toContain(ALICE);

    await stub.setAuthorStatus({ did: ALICE, active: true, timeUs: 300 });
    expect(await feedUris(stub)).toEqual([alice.uri]);
  });
});

describe("ingest of #account events", () => {
  const stubs = durableObjectStubs(env);
  const ingest = createIngest({ stubs, communities: { forget: () => {} } });
  const account = (did: string, timeUs: number, active: boolean, status?: string): JetstreamEvent => ({
    did,
    time_us: timeUs,
    kind: "account",
    account: { active, did, seq: 1, time: new Date().toISOString(), ...(status ? { status } : {}) },
  });
  const commit = (did: string, timeUs: number, collection: string, rkey: string, record: object) =>
    ({
      did,
      time_us: timeUs,
      kind: "commit",
      commit: { rev: `3lzz${timeUs}`, operation: "create", collection, rkey, cid: `bafy${timeUs}`, record },
    }) as JetstreamEvent;

  it("reaches every community the account has records in, and only those", async () => {
    const author = "did:plc:inactiveauthor0000000000";
    const ids = ["1ac71ea0", "1ac71eb0"];
    // Config record keys are TIDs.
    const configKey = (id: string) => (id === ids[0] ? "3lzzinacta222" : "3lzzinactb222");
    const configUri = (id: string) => `at://${OWNER}/net.atrarium.community.config/${configKey(id)}`;
    let t = 1_700_000_000_000_000;
    for (const id of ids) {
      const configured = await ingest.applyEvent(
        commit(OWNER, ++t, "net.atrarium.community.config", configKey(id), {
          $type: "net.atrarium.community.config",
          name: `Inactive ${id}`,
          hashtag: `#atrarium_${id}`,
          stage: "theme",
          feedMix: { own: 100, parent: 0, global: 0 },
          moderators: [],
          createdAt: minutesAgo(10),
        }),
      );
      expect(configured).toBe("applied");
      const joined = await ingest.applyEvent(
        commit(author, ++t, "net.atrarium.community.membership", id, {
          $type: "net.atrarium.community.membership",
          community: configUri(id),
          role: "member",
          joinedAt: minutesAgo(5),
          active: true,
        }),
      );
      expect(joined).toBe("applied");
    }
    const text = `both ${ids.map((id) => `#atrarium_${id}`).join(" ")}`;
    await ingest.applyPosts([
      commit(author, ++t, "app.bsky.feed.post", "p1", {
        $type: "app.bsky.feed.post",
        text,
        createdAt: minutesAgo(1),
      }),
    ]);
    const uri = `at://${author}/app.bsky.feed.post/p1`;
    const feeds = () => Promise.all(ids.map((id) => feedUris(stubs.community(id))));
    expect(await feeds()).toEqual([[uri], [uri]]);

    expect(await ingest.applyEvent(account(author, ++t, false, "deactivated"))).toBe("applied");
    expect(await feeds()).toEqual([[], []]);
    // A retry of the same event (the queue delivers at least once) changes nothing.
    await ingest.applyEvent(account(author, t, false, "deactivated"));
    expect(await feeds()).toEqual([[], []]);

    expect(await ingest.applyEvent(account(author, ++t, true))).toBe("applied");
    expect(await feeds()).toEqual([[uri], [uri]]);

    // A replayed older event is history; an account with no records anywhere concerns no community.
    expect(await ingest.applyEvent(account(author, t - 5, false, "deleted"))).toBe("ignored");
    expect(await feeds()).toEqual([[uri], [uri]]);
    expect(await ingest.applyEvent(account("did:plc:nobodyhere000000000000", ++t, false, "deleted"))).toBe(
      "ignored",
    );

    expect(await ingest.applyEvent(account(author, ++t, false, "deleted"))).toBe("applied");
    expect(await feeds()).toEqual([[], []]);
  });

  it("counts an #account event without an active flag as invalid", async () => {
    const bad = { did: ALICE, time_us: 5, kind: "account", account: { status: "deleted" } } as JetstreamEvent;
    expect(await ingest.applyEvent(bad)).toBe("invalid");
  });
});
