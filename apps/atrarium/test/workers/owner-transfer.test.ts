// Owner transfers inside workerd, through the ingest as the stream delivers them (registry/
// transfer-rule.ts, transfer-desk.ts, ingest/apply-transfer.ts): the three records complete a
// transfer in any order, and nothing less does (only one half, an offer by a third party, an
// acceptance by someone else than the account named); after it the new owner's config is the
// community's, the previous owner is staff no more and their config's edits are ignored; the
// previous owner's feed URI answers until its generator record is deleted; children naming the
// previous config keep their parent.
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { JetstreamEvent } from "../../src/env.ts";
import { createIngest } from "../../src/ingest/ingest.ts";
import { durableObjectStubs } from "../../src/stubs.ts";
import { ALICE, BOB, MALLORY, MODERATOR, OWNER } from "./community-fixtures.ts";

const stubs = durableObjectStubs(env);
const ingest = createIngest({ stubs, communities: { forget: () => {} } });
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

// TIDs: 13 base32-sortable characters, increasing, so record keys and revs sort in commit order.
const B32 = "234567abcdefghijklmnopqrstuvwxyz";
let clock = 1_000_000;
function tid(): string {
  let n = ++clock;
  let out = "";
  for (let i = 0; i < 9; i++) {
    out = B32[n % 32] + out;
    n = Math.floor(n / 32);
  }
  return `3lzz${out}`;
}

interface Written {
  uri: string;
  cid: string;
  event: JetstreamEvent;
}

function write(did: string, collection: string, record: object, rkey = tid()): Written {
  const rev = tid();
  // A well-formed CID (dag-cbor, sha-256): after "bafyrei" 52 base32 characters, of which the first
  // ends the multihash prefix (a to h) and the last carries no spare bits (a).
  const cid = `bafyreia${rev.padEnd(50, "a")}a`;
  return {
    uri: `at://${did}/${collection}/${rkey}`,
    cid,
    event: {
      did,
      time_us: Date.now() * 1000 + clock,
      kind: "commit",
      commit: { rev, operation: "create", collection, rkey, cid, record: { $type: collection, ...record } },
    },
  };
}

function remove(w: Written): JetstreamEvent {
  const commit = w.event.commit as NonNullable<JetstreamEvent["commit"]>;
  return { ...w.event, commit: { ...commit, operation: "delete", rev: tid(), record: undefined } };
}

const configOf = (did: string, id: string, over: object = {}, rkey?: string) =>
  write(
    did,
    "net.atrarium.community.config",
    {
      name: `Transfer ${id}`,
      hashtag: `#atrarium_${id}`,
      stage: "theme",
      feedMix: { own: 100, parent: 0, global: 0 },
      moderators: [],
      createdAt: minutesAgo(60),
      ...over,
    },
    rkey,
  );
const offerOf = (did: string, community: string, newOwner: string) =>
  write(did, "net.atrarium.community.transfer", { community, newOwner, createdAt: minutesAgo(3) });
const acceptOf = (did: string, offer: { uri: string; cid: string }, community: string, config: string) =>
  write(did, "net.atrarium.community.transferAccept", {
    transfer: { uri: offer.uri, cid: offer.cid },
    community,
    config,
    createdAt: minutesAgo(2),
  });
const membershipOf = (did: string, community: string) =>
  write(did, "net.atrarium.community.membership", {
    community,
    role: "member",
    joinedAt: minutesAgo(30),
    active: true,
  });
const actionOf = (did: string, community: string, action: string, target: string) =>
  write(did, "net.atrarium.moderation.action", { action, target, community, createdAt: minutesAgo(1) });

const randomId = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(4)), (b) => b.toString(16).padStart(2, "0")).join("");

async function apply(...events: JetstreamEvent[]) {
  const outcomes = [];
  for (const e of events) outcomes.push(await ingest.applyEvent(e));
  return outcomes;
}

// A community owned by OWNER (MODERATOR listed), with ALICE and BOB as members.
async function ownedCommunity() {
  const id = randomId();
  const old = configOf(OWNER, id, { moderators: [MODERATOR] });
  expect(await apply(old.event)).toEqual(["applied"]);
  await apply(membershipOf(ALICE, old.uri).event, membershipOf(BOB, old.uri).event);
  const role = async (did: string) => {
    const reply = await stubs.community(id).read({ kind: "viewer", did });
    if (!reply.ok || reply.answer === null || !("role" in reply.answer)) throw new Error("no viewer");
    return reply.answer.role;
  };
  const info = async () => {
    const reply = await stubs.community(id).read({ kind: "info" });
    if (!reply.ok || reply.info.state !== "ok") throw new Error("no config");
    return reply.info.community;
  };
  const owner = async () => (await stubs.registry().byId(id))?.owner;
  return { id, old, role, info, owner };
}

describe("an owner transfer takes effect when all three records are in", () => {
  it("moves the claim, the authority and the staff to the new owner; members stay", async () => {
    const c = await ownedCommunity();
    const offer = offerOf(OWNER, c.old.uri, ALICE);
    const fresh = configOf(ALICE, c.id, { name: "Alice's now" });
    const accept = acceptOf(ALICE, offer, c.old.uri, fresh.uri);
    await apply(offer.event, fresh.event);
    expect(await c.owner()).toBe(OWNER);
    await apply(accept.event);

    expect(await stubs.registry().byId(c.id)).toMatchObject({ configUri: fresh.uri, owner: ALICE });
    expect(await c.info()).toMatchObject({ uri: fresh.uri, owner: ALICE, name: "Alice's now" });
    expect(await c.role(ALICE)).toBe("owner");
    // The previous owner and the moderator the previous config listed are staff no more.
    expect(await c.role(OWNER)).toBeNull();
    expect(await c.role(MODERATOR)).toBeNull();
    expect(await c.role(BOB)).toBe("member");
    // A previous owner's action after the transfer does not count; the new owner's does.
    await apply(actionOf(OWNER, c.old.uri, "block_user", BOB).event);
    const blocked = async () => {
      const reply = await stubs.community(c.id).read({ kind: "viewer", did: BOB });
      return reply.ok && reply.answer !== null && "blocked" in reply.answer && reply.answer.blocked;
    };
    expect(await blocked()).toBe(false);
    await apply(actionOf(ALICE, fresh.uri, "block_user", BOB).event);
    expect(await blocked()).toBe(true);
    // Memberships naming the previous config still reach the community.
    const carol = "did:plc:carol0000000000000000000";
    expect(await apply(membershipOf(carol, c.old.uri).event)).toEqual(["applied"]);
    expect(await c.role(carol)).toBe("member");
  });

  it("keeps the previous owner's decisions from before the offer; later ones lapse", async () => {
    const c = await ownedCommunity();
    const blocked = async (did: string) => {
      const reply = await stubs.community(c.id).read({ kind: "viewer", did });
      return reply.ok && reply.answer !== null && "blocked" in reply.answer && reply.answer.blocked;
    };
    // Decided while the community was the owner's: a block, and one the owner lifts after offering it.
    await apply(actionOf(OWNER, c.old.uri, "block_user", BOB).event);
    await apply(
      membershipOf(MALLORY, c.old.uri).event,
      actionOf(OWNER, c.old.uri, "block_user", MALLORY).event,
    );
    const offer = offerOf(OWNER, c.old.uri, ALICE);
    const fresh = configOf(ALICE, c.id);
    await apply(offer.event, actionOf(OWNER, c.old.uri, "unblock_user", MALLORY).event, fresh.event);
    await apply(acceptOf(ALICE, offer, c.old.uri, fresh.uri).event);
    expect(await c.owner()).toBe(ALICE);
    expect(await blocked(BOB)).toBe(true);
    // Written after the offer (a higher rev in the previous owner's repo): it grants nothing.
    expect(await blocked(MALLORY)).toBe(true);
    await apply(actionOf(OWNER, c.old.uri, "unblock_user", BOB).event);
    expect(await blocked(BOB)).toBe(true);
    // The new owner's own decision overrides the carried one.
    await apply(actionOf(ALICE, fresh.uri, "unblock_user", BOB).event);
    expect(await blocked(BOB)).toBe(false);
  });

  it("keeps the previous owner as staff when the new config lists them as moderator", async () => {
    const c = await ownedCommunity();
    const offer = offerOf(OWNER, c.old.uri, ALICE);
    const fresh = configOf(ALICE, c.id, { moderators: [OWNER] });
    await apply(offer.event, fresh.event, acceptOf(ALICE, offer, c.old.uri, fresh.uri).event);
    expect(await c.role(OWNER)).toBe("moderator");
    expect(await c.role(ALICE)).toBe("owner");
  });

  it("completes in any order of arrival", async () => {
    const orders = [
      ["accept", "config", "offer"],
      ["config", "accept", "offer"],
      ["accept", "offer", "config"],
    ] as const;
    for (const order of orders) {
      const c = await ownedCommunity();
      const offer = offerOf(OWNER, c.old.uri, ALICE);
      const fresh = configOf(ALICE, c.id);
      const parts = { offer, config: fresh, accept: acceptOf(ALICE, offer, c.old.uri, fresh.uri) };
      for (const part of order) await apply(parts[part].event);
      expect(await c.owner(), order.join(" → ")).toBe(ALICE);
      expect((await c.info()).uri).toBe(fresh.uri);
    }
  });
});

describe("a half or forged transfer grants nothing", () => {
  it("an offer alone, or an offer and a config, change nothing", async () => {
    const c = await ownedCommunity();
    const offer = offerOf(OWNER, c.old.uri, ALICE);
    await apply(offer.event, configOf(ALICE, c.id).event);
    expect(await c.owner()).toBe(OWNER);
    expect(await c.role(ALICE)).toBe("member");
    expect(await c.role(OWNER)).toBe("owner");
  });

  it("an acceptance and a config without an offer change nothing", async () => {
    const c = await ownedCommunity();
    const fresh = configOf(ALICE, c.id);
    // An acceptance of an offer never written (its uri and cid made up).
    const ghost = {
      uri: `at://${OWNER}/net.atrarium.community.transfer/${tid()}`,
      cid: `bafyreia${"b".repeat(50)}a`,
    };
    await apply(fresh.event, acceptOf(ALICE, ghost, c.old.uri, fresh.uri).event);
    expect(await c.owner()).toBe(OWNER);
    expect((await c.info()).uri).toBe(c.old.uri);
  });

  it("an offer written by a third party (not the owner) grants nothing", async () => {
    const c = await ownedCommunity();
    const forged = offerOf(MALLORY, c.old.uri, MALLORY);
    const fresh = configOf(MALLORY, c.id);
    await apply(forged.event, fresh.event, acceptOf(MALLORY, forged, c.old.uri, fresh.uri).event);
    expect(await c.owner()).toBe(OWNER);
    // Nor does one naming a member, accepted by that member.
    const forGood = offerOf(MALLORY, c.old.uri, ALICE);
    const alices = configOf(ALICE, c.id);
    await apply(forGood.event, alices.event, acceptOf(ALICE, forGood, c.old.uri, alices.uri).event);
    expect(await c.owner()).toBe(OWNER);
    expect(await c.role(OWNER)).toBe("owner");
  });

  it("an acceptance by another account than the one named grants nothing", async () => {
    const c = await ownedCommunity();
    const offer = offerOf(OWNER, c.old.uri, ALICE);
    const bobs = configOf(BOB, c.id);
    await apply(offer.event, bobs.event, acceptOf(BOB, offer, c.old.uri, bobs.uri).event);
    expect(await c.owner()).toBe(OWNER);
    // Nor an acceptance by the named account naming someone else's config.
    await apply(acceptOf(ALICE, offer, c.old.uri, bobs.uri).event);
    expect(await c.owner()).toBe(OWNER);
  });

  it("an offer deleted before the acceptance grants nothing; a completed transfer is final", async () => {
    const c = await ownedCommunity();
    const offer = offerOf(OWNER, c.old.uri, ALICE);
    const fresh = configOf(ALICE, c.id);
    await apply(offer.event, fresh.event, remove(offer));
    await apply(acceptOf(ALICE, offer, c.old.uri, fresh.uri).event);
    expect(await c.owner()).toBe(OWNER);

    const d = await ownedCommunity();
    const offer2 = offerOf(OWNER, d.old.uri, ALICE);
    const fresh2 = configOf(ALICE, d.id);
    const accept2 = acceptOf(ALICE, offer2, d.old.uri, fresh2.uri);
    await apply(offer2.event, fresh2.event, accept2.event);
    await apply(remove(offer2), remove(accept2));
    expect(await d.owner()).toBe(ALICE);
  });

  it("an offer replaced by a newer one, or withdrawn after it, can no longer be accepted", async () => {
    const c = await ownedCommunity();
    const toAlice = offerOf(OWNER, c.old.uri, ALICE);
    const toBob = offerOf(OWNER, c.old.uri, BOB);
    const aliceConfig = configOf(ALICE, c.id);
    await apply(toAlice.event, toBob.event, aliceConfig.event);
    await apply(acceptOf(ALICE, toAlice, c.old.uri, aliceConfig.uri).event);
    expect(await c.owner()).toBe(OWNER);
    // Withdrawing the newer offer does not bring the older one back.
    await apply(remove(toBob));
    await apply(acceptOf(ALICE, toAlice, c.old.uri, aliceConfig.uri).event);
    expect(await c.owner()).toBe(OWNER);
    // The offer in force is accepted.
    const again = offerOf(OWNER, c.old.uri, ALICE);
    await apply(again.event, acceptOf(ALICE, again, c.old.uri, aliceConfig.uri).event);
    expect(await c.owner()).toBe(ALICE);
  });
});

describe("after a transfer", () => {
  it("ignores edits and the deletion of the previous owner's config", async () => {
    const c = await ownedCommunity();
    const offer = offerOf(OWNER, c.old.uri, ALICE);
    const fresh = configOf(ALICE, c.id, { name: "Kept" });
    await apply(offer.event, fresh.event, acceptOf(ALICE, offer, c.old.uri, fresh.uri).event);
    const rkey = c.old.uri.split("/").pop() as string;
    const edit = configOf(OWNER, c.id, { name: "Hijacked", moderators: [MALLORY] }, rkey);
    expect(await apply(edit.event)).toEqual(["ignored"]);
    await apply(remove(edit));
    expect(await c.info()).toMatchObject({ uri: fresh.uri, name: "Kept", owner: ALICE });
    expect(await c.role(MALLORY)).toBeNull();
    // The new owner's own edits apply.
    expect(await apply(configOf(ALICE, c.id, { name: "Renamed" }, fresh.uri.split("/").pop()).event)).toEqual(
      ["applied"],
    );
    expect((await c.info()).name).toBe("Renamed");
  });

  it("answers the previous owner's feed URI until its generator record is deleted; the new one at once", async () => {
    const c = await ownedCommunity();
    const generator = write(OWNER, "app.bsky.feed.generator", { did: "did:web:x", displayName: "x" }, c.id);
    await apply(generator.event);
    const skeleton = (owner: string) =>
      SELF.fetch(
        `https://atrarium.test/xrpc/app.bsky.feed.getFeedSkeleton?feed=${encodeURIComponent(
          `at://${owner}/app.bsky.feed.generator/${c.id}`,
        )}`,
      );
    // Before: only the owner's URI (and the Worker now holds the entry in its cache).
    expect((await skeleton(OWNER)).status).toBe(200);
    expect((await skeleton(ALICE)).status).toBe(400);
    const offer = offerOf(OWNER, c.old.uri, ALICE);
    const fresh = configOf(ALICE, c.id);
    await apply(offer.event, fresh.event, acceptOf(ALICE, offer, c.old.uri, fresh.uri).event);
    expect((await skeleton(ALICE)).status).toBe(200);
    expect((await skeleton(OWNER)).status).toBe(200);
    expect((await skeleton(MALLORY)).status).toBe(400);
    expect(await apply(remove(generator))).toEqual(["applied"]);
    const gone = await skeleton(OWNER);
    expect(gone.status).toBe(400);
    expect(((await gone.json()) as { error: string }).error).toBe("UnknownFeed");
    expect((await skeleton(ALICE)).status).toBe(200);
  });

  it("children naming the previous owner's config keep their parent", async () => {
    const parent = await ownedCommunity();
    const childId = randomId();
    const child = configOf(OWNER, childId, { parentCommunity: parent.old.uri });
    await apply(child.event);
    const offer = offerOf(OWNER, parent.old.uri, ALICE);
    const fresh = configOf(ALICE, parent.id, { moderators: [OWNER] });
    await apply(offer.event, fresh.event, acceptOf(ALICE, offer, parent.old.uri, fresh.uri).event);
    expect((await stubs.registry().communityOf(parent.old.uri))?.configUri).toBe(fresh.uri);
    const children = await stubs.registry().childrenOf(fresh.uri, [ALICE, OWNER], 10);
    expect(children.map((e) => e.id)).toEqual([childId]);
  });
});
