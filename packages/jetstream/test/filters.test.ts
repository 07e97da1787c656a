import {
  type Collector,
  commitsOf,
  createRecord,
  createTestAccount,
  openCollector,
  subscribeUrl,
  type TestAccount,
  upgradeStatus,
} from "@atrarium/testkit";
import { beforeAll, describe, expect, inject, it } from "vitest";

const { pdsUrl, jetstreamUrl } = inject("devnet");

// Writes one record of each collection, in order, ending with a marker post.
async function writeMix(acct: TestAccount): Promise<void> {
  await createRecord(acct.agent, "net.atrarium.community.config", { name: "c" });
  await createRecord(acct.agent, "net.atrarium.community.membership", { role: "member" });
  await createRecord(acct.agent, "app.bsky.feed.post", { text: "a post" });
  await createRecord(acct.agent, "app.bsky.graph.follow", { subject: acct.did });
}

type Commit = ReturnType<typeof commitsOf>[number];
const PROBE = "probe ";
const isProbe = (c: Commit) => String(c.record?.text ?? "").startsWith(PROBE);
// The texts of the commits, without the probes untilBobReaches wrote.
const textsOf = (events: Parameters<typeof commitsOf>[0]) =>
  commitsOf(events)
    .filter((c) => !isProbe(c))
    .map((c) => (c.record as { text: string }).text);

describe("Jetstream /subscribe filters", () => {
  let alice: TestAccount;
  let bob: TestAccount;

  // Jetstream does not acknowledge options_update. A post by bob reaches these subscribers only under
  // the new filter, so once one has reached each of them, every later write is filtered by it. Bob
  // writes probes until that happens; one that was filtered by the old filter is simply not seen.
  async function untilBobReaches(subs: Collector[]): Promise<void> {
    const reached = (c: Collector) => commitsOf(c.events).some((x) => x.did === bob.did && isProbe(x));
    for (let i = 0; i < 20 && !subs.every(reached); i++) {
      await createRecord(bob.agent, "app.bsky.feed.post", { text: `${PROBE}${i}` });
      await Promise.all(subs.map((c) => c.waitFor(() => reached(c), 500).catch(() => {})));
    }
    if (!subs.every(reached)) throw new Error("the options_update never took effect");
  }
  beforeAll(async () => {
    [alice, bob] = await Promise.all([createTestAccount(pdsUrl), createTestAccount(pdsUrl)]);
  });

  it("wantedCollections: exact NSIDs and prefix wildcards; wantedDids applies to every kind", async () => {
    const exact = await openCollector(
      subscribeUrl(jetstreamUrl, { wantedCollections: "app.bsky.feed.post", wantedDids: alice.did }),
    );
    const wildcard = await openCollector(
      subscribeUrl(jetstreamUrl, {
        wantedCollections: ["net.atrarium.*", "app.bsky.graph.follow"],
        wantedDids: alice.did,
      }),
    );
    const both = await openCollector(subscribeUrl(jetstreamUrl, { wantedDids: [alice.did, bob.did] }));
    await writeMix(alice);
    await writeMix(bob);
    const isBobFollow = (e: { did: string }[]) =>
      commitsOf(e as never).some((c) => c.did === bob.did && c.collection === "app.bsky.graph.follow");
    await both.waitFor(isBobFollow);
    const exactEvents = await exact.waitFor((e) => commitsOf(e).length >= 1);
    const wildcardEvents = await wildcard.waitFor((e) => commitsOf(e).length >= 3);
    for (const s of [exact, wildcard, both]) s.close();
    expect(commitsOf(exactEvents).map((c) => c.collection)).toEqual(["app.bsky.feed.post"]);
    expect(commitsOf(wildcardEvents).map((c) => c.collection)).toEqual([
      "net.atrarium.community.config",
      "net.atrarium.community.membership",
      "app.bsky.graph.follow",
    ]);
    expect(new Set(wildcardEvents.map((e) => e.did))).toEqual(new Set([alice.did]));
    expect(commitsOf(both.events)).toHaveLength(8);
    expect(new Set(both.events.map((e) => e.did))).toEqual(new Set([alice.did, bob.did]));
  });

  it("#identity and #account pass a collection filter (as upstream v1)", async () => {
    const sub = await openCollector(
      subscribeUrl(jetstreamUrl, { wantedCollections: "net.atrarium.nothing.here" }),
    );
    const carol = await createTestAccount(pdsUrl);
    await createRecord(carol.agent, "app.bsky.feed.post", { text: "filtered out" });
    const events = await sub.waitFor((e) => e.some((x) => x.did === carol.did && x.kind === "account"));
    sub.close();
    const kinds = events.filter((e) => e.did === carol.did).map((e) => e.kind);
    expect(kinds).toEqual(["identity", "account"]);
  });

  it("maxMessageSizeBytes drops larger events; malformed values mean no limit", async () => {
    const small = await openCollector(
      subscribeUrl(jetstreamUrl, { wantedDids: alice.did, maxMessageSizeBytes: "2000" }),
    );
    const garbage = await openCollector(
      subscribeUrl(jetstreamUrl, { wantedDids: alice.did, maxMessageSizeBytes: "lots" }),
    );
    await createRecord(alice.agent, "net.atrarium.test.note", { text: "x".repeat(2500) });
    await createRecord(alice.agent, "net.atrarium.test.note", { text: "short" });
    const smallEvents = await small.waitFor((e) => commitsOf(e).length >= 1);
    const garbageEvents = await garbage.waitFor((e) => commitsOf(e).length >= 2);
    small.close();
    garbage.close();
    expect(commitsOf(smallEvents).map((c) => (c.record as { text: string }).text)).toEqual(["short"]);
    expect(commitsOf(garbageEvents)).toHaveLength(2);
  });

  it("options_update replaces the filter mid-stream; requireHello waits for it", async () => {
    const sub = await openCollector(subscribeUrl(jetstreamUrl, { wantedDids: alice.did }));
    const hello = await openCollector(subscribeUrl(jetstreamUrl, { requireHello: "true" }));
    await createRecord(alice.agent, "app.bsky.feed.post", { text: "before" });
    await sub.waitFor((e) => commitsOf(e).length >= 1);
    const update = { wantedDids: [bob.did], wantedCollections: ["app.bsky.feed.*"] };
    for (const s of [sub, hello]) s.ws.send(JSON.stringify({ type: "options_update", payload: update }));
    sub.ws.send(JSON.stringify({ type: "something_else", payload: {} }));
    await untilBobReaches([sub, hello]);
    await createRecord(alice.agent, "app.bsky.feed.post", { text: "alice after" });
    await createRecord(bob.agent, "app.bsky.graph.follow", { subject: alice.did });
    await createRecord(bob.agent, "app.bsky.feed.post", { text: "bob after" });
    const events = await sub.waitFor((e) => textsOf(e).includes("bob after"));
    const helloEvents = await hello.waitFor((e) => textsOf(e).includes("bob after"));
    sub.close();
    hello.close();
    expect(textsOf(events)).toEqual(["before", "bob after"]);
    expect(textsOf(helloEvents)).toEqual(["bob after"]);
  });

  it("an invalid options_update closes the connection with 1008", async () => {
    const sub = await openCollector(subscribeUrl(jetstreamUrl));
    const closed = new Promise<number>((r) => sub.ws.once("close", (code) => r(code)));
    sub.ws.send(JSON.stringify({ type: "options_update", payload: { wantedCollections: ["not an nsid"] } }));
    expect(await closed).toBe(1008);
  });

  it("malformed queries get a 400 before any upgrade; other paths a 404", async () => {
    const bad: Record<string, string | string[]>[] = [
      { wantedCollections: "not an nsid" },
      { wantedCollections: "app.bsky.fo*" },
      { wantedDids: "alice" },
      { cursor: "yesterday" },
      { cursor: "-5" },
      { wantedCollections: Array.from({ length: 101 }, (_, i) => `app.test.c${i}`) },
    ];
    for (const params of bad) {
      const res = await upgradeStatus(subscribeUrl(jetstreamUrl, params));
      expect(res.status, JSON.stringify(params)).toBe(400);
      expect(res.body).toMatchObject({ error: "InvalidRequest" });
    }
    expect((await upgradeStatus(`${jetstreamUrl.replace("http", "ws")}/nope`)).status).toBe(404);
    const plain = await fetch(`${jetstreamUrl}/subscribe?wantedDids=bad`);
    expect(plain.status).toBe(400);
    expect((await fetch(`${jetstreamUrl}/subscribe`)).status).toBe(426);
  });
});
