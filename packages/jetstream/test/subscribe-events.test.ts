import type { JetstreamStats } from "@atrarium/jetstream";
import { commitsOf, createRecord, createTestAccount, openCollector, subscribeUrl } from "@atrarium/testkit";
import { describe, expect, inject, it } from "vitest";

const { pdsUrl, jetstreamUrl } = inject("devnet");

describe("Jetstream /subscribe: v1 events from the PDS firehose", () => {
  it("a new account is announced by #identity (verified handle) and #account", async () => {
    const name = `j${Date.now().toString(36)}`;
    const sub = await openCollector(subscribeUrl(jetstreamUrl));
    const acct = await createTestAccount(pdsUrl, name);
    const events = await sub.waitFor((evts) => evts.filter((e) => e.did === acct.did).length >= 2);
    sub.close();
    const mine = events.filter((e) => e.did === acct.did);
    expect(mine.map((e) => e.kind)).toEqual(["identity", "account"]);
    const [identity, account] = mine;
    expect(identity).toMatchObject({
      kind: "identity",
      identity: { did: acct.did, handle: `${name}.test`, seq: expect.any(Number), time: expect.any(String) },
    });
    expect(account).toMatchObject({
      kind: "account",
      account: { active: true, did: acct.did, seq: expect.any(Number), time: expect.any(String) },
    });
    expect(account.kind === "account" && "status" in account.account).toBe(false);
    expect(Object.keys(identity)).toEqual(["did", "time_us", "kind", "identity"]);
    // The PDS also announced the new repo with #sync: counted, not forwarded (v1 has no such kind).
    const stats = (await (await fetch(`${jetstreamUrl}/stats`)).json()) as JetstreamStats;
    expect(stats.upstreams[0].syncSkipped).toBeGreaterThan(0);
  });

  it("create, update and delete arrive as commit events with record and CID (none on delete)", async () => {
    const acct = await createTestAccount(pdsUrl);
    const sub = await openCollector(subscribeUrl(jetstreamUrl, { wantedDids: acct.did }));
    const created = await createRecord(acct.agent, "app.bsky.feed.post", { text: "hello jetstream" });
    const updated = await acct.agent.com.atproto.repo.putRecord({
      repo: acct.did,
      collection: "app.bsky.feed.post",
      rkey: created.rkey,
      record: { $type: "app.bsky.feed.post", text: "edited", createdAt: new Date().toISOString() },
    });
    await acct.agent.com.atproto.repo.deleteRecord({
      repo: acct.did,
      collection: "app.bsky.feed.post",
      rkey: created.rkey,
    });
    const events = await sub.waitFor((evts) => commitsOf(evts).length >= 3);
    sub.close();
    const [c, u, d] = commitsOf(events);
    expect(c).toMatchObject({
      operation: "create",
      collection: "app.bsky.feed.post",
      rkey: created.rkey,
      cid: created.cid,
      record: { $type: "app.bsky.feed.post", text: "hello jetstream" },
      rev: expect.stringMatching(/^[a-z2-7]{13}$/),
    });
    expect(u).toMatchObject({ operation: "update", rkey: created.rkey, cid: updated.data.cid });
    expect(u.record).toMatchObject({ text: "edited" });
    expect(d).toEqual({
      did: acct.did,
      time_us: d.time_us,
      rev: expect.any(String),
      operation: "delete",
      collection: "app.bsky.feed.post",
      rkey: created.rkey,
    });
    expect(c.rev < u.rev && u.rev < d.rev).toBe(true);
    for (let i = 1; i < events.length; i++) expect(events[i].time_us).toBeGreaterThan(events[i - 1].time_us);
  });

  it("applyWrites yields one event per op, and links and bytes use the atproto JSON model", async () => {
    const acct = await createTestAccount(pdsUrl);
    const sub = await openCollector(subscribeUrl(jetstreamUrl, { wantedDids: acct.did }));
    const post = await createRecord(acct.agent, "app.bsky.feed.post", { text: "target" });
    await acct.agent.com.atproto.repo.applyWrites({
      repo: acct.did,
      writes: [
        {
          $type: "com.atproto.repo.applyWrites#create",
          collection: "app.bsky.feed.like",
          value: {
            $type: "app.bsky.feed.like",
            subject: { uri: post.uri, cid: post.cid },
            createdAt: new Date().toISOString(),
          },
        },
        {
          $type: "com.atproto.repo.applyWrites#create",
          collection: "net.atrarium.test.attachment",
          value: {
            $type: "net.atrarium.test.attachment",
            digest: { $bytes: "AQIDBA" },
            link: { $link: post.cid },
            createdAt: new Date().toISOString(),
          },
        },
      ],
    });
    const events = await sub.waitFor((evts) => commitsOf(evts).length >= 3);
    sub.close();
    const [, like, attachment] = commitsOf(events);
    expect(like.rev).toBe(attachment.rev);
    expect(like.record).toMatchObject({ subject: { uri: post.uri, cid: post.cid } });
    expect(attachment.record).toMatchObject({ digest: { $bytes: "AQIDBA" }, link: { $link: post.cid } });
  });
});
