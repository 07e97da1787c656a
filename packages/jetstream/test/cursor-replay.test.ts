import { commitsOf, createRecord, createTestAccount, openCollector, subscribeUrl } from "@atrarium/testkit";
import { describe, expect, inject, it } from "vitest";

const { pdsUrl, jetstreamUrl } = inject("devnet");
const texts = (events: Parameters<typeof commitsOf>[0]) =>
  commitsOf(events).map((c) => (c.record as { text: string }).text);

describe("Jetstream cursor replay (unix microseconds, from the persistent log)", () => {
  it("replays from an event's time_us inclusively, then continues live", async () => {
    const acct = await createTestAccount(pdsUrl);
    const live = await openCollector(subscribeUrl(jetstreamUrl, { wantedDids: acct.did }));
    for (let i = 0; i < 5; i++) await createRecord(acct.agent, "app.bsky.feed.post", { text: `r${i}` });
    const seen = commitsOf(await live.waitFor((e) => commitsOf(e).length >= 5));
    live.close();
    const replay = await openCollector(
      subscribeUrl(jetstreamUrl, { wantedDids: acct.did, cursor: String(seen[2].time_us) }),
    );
    await replay.waitFor((e) => commitsOf(e).length >= 3);
    await createRecord(acct.agent, "app.bsky.feed.post", { text: "r5" });
    const events = await replay.waitFor((e) => commitsOf(e).length >= 4);
    replay.close();
    expect(texts(events)).toEqual(["r2", "r3", "r4", "r5"]);
    expect(
      commitsOf(events)
        .slice(0, 3)
        .map((c) => c.time_us),
    ).toEqual(seen.slice(2).map((c) => c.time_us));
  });

  it("cursor 0 replays everything retained, with time_us strictly increasing", async () => {
    const acct = await createTestAccount(pdsUrl);
    await createRecord(acct.agent, "app.bsky.feed.post", { text: "old" });
    const sub = await openCollector(subscribeUrl(jetstreamUrl, { cursor: "0" }));
    const events = await sub.waitFor((e) => commitsOf(e).some((c) => c.did === acct.did));
    sub.close();
    expect(events.filter((e) => e.did === acct.did).map((e) => e.kind)).toEqual([
      "identity",
      "account",
      "commit",
    ]);
    for (let i = 1; i < events.length; i++) expect(events[i].time_us).toBeGreaterThan(events[i - 1].time_us);
  });

  it("a cursor in the future starts at the live tip", async () => {
    const acct = await createTestAccount(pdsUrl);
    // "before" must be in the log before the future-cursor subscription starts, or it would rightly
    // arrive live: a live subscriber seeing it is the proof.
    const tip = await openCollector(subscribeUrl(jetstreamUrl, { wantedDids: acct.did }));
    await createRecord(acct.agent, "app.bsky.feed.post", { text: "before" });
    await tip.waitFor((e) => commitsOf(e).length >= 1);
    tip.close();
    const future = String((Date.now() + 3_600_000) * 1000);
    const sub = await openCollector(subscribeUrl(jetstreamUrl, { wantedDids: acct.did, cursor: future }));
    await createRecord(acct.agent, "app.bsky.feed.post", { text: "after" });
    // A last write fences the stream: whatever the subscription was going to send before it has
    // arrived once it has, so nothing is still on its way when the list is checked.
    await createRecord(acct.agent, "app.bsky.feed.post", { text: "fence" });
    const events = await sub.waitFor((e) => texts(e).includes("fence"));
    sub.close();
    expect(texts(events)).toEqual(["after", "fence"]);
  });
});
