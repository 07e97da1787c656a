import { AtpAgent } from "@atproto/api";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { beforeAll, describe, expect, inject, it } from "vitest";

const { pdsUrl } = inject("devnet");
const post = (text: string) => ({ $type: "app.bsky.feed.post", text, createdAt: new Date().toISOString() });

describe("com.atproto.repo records", () => {
  let alice: TestAccount;
  let bob: TestAccount;
  beforeAll(async () => {
    alice = await createTestAccount(pdsUrl);
    bob = await createTestAccount(pdsUrl);
  });

  it("creates, reads, updates and deletes a record", async () => {
    const created = await alice.agent.com.atproto.repo.createRecord({
      repo: alice.did,
      collection: "app.bsky.feed.post",
      record: post("hello"),
    });
    expect(created.data.uri).toMatch(new RegExp(`^at://${alice.did}/app.bsky.feed.post/`));
    expect(created.data.validationStatus).toBe("valid");
    const rkey = created.data.uri.split("/").pop() as string;
    const got = await alice.agent.com.atproto.repo.getRecord({
      repo: alice.handle,
      collection: "app.bsky.feed.post",
      rkey,
    });
    expect(got.data.cid).toBe(created.data.cid);
    expect((got.data.value as { text: string }).text).toBe("hello");

    const put = await alice.agent.com.atproto.repo.putRecord({
      repo: alice.did,
      collection: "app.bsky.feed.post",
      rkey,
      record: post("edited"),
    });
    expect(put.data.cid).not.toBe(created.data.cid);
    const again = await alice.agent.com.atproto.repo.getRecord({
      repo: alice.did,
      collection: "app.bsky.feed.post",
      rkey,
    });
    expect((again.data.value as { text: string }).text).toBe("edited");

    await alice.agent.com.atproto.repo.deleteRecord({
      repo: alice.did,
      collection: "app.bsky.feed.post",
      rkey,
    });
    await expect(
      alice.agent.com.atproto.repo.getRecord({ repo: alice.did, collection: "app.bsky.feed.post", rkey }),
    ).rejects.toMatchObject({ status: 400, error: "RecordNotFound" });
  });

  it("stores records of unknown lexicons with validationStatus unknown", async () => {
    const res = await alice.agent.com.atproto.repo.createRecord({
      repo: alice.did,
      collection: "net.atrarium.community.config",
      record: { name: "x", hashtag: "#atrarium_0123abcd", createdAt: new Date().toISOString() },
    });
    expect(res.data.validationStatus).toBe("unknown");
  });

  it("rejects a known-lexicon record that does not validate", async () => {
    await expect(
      alice.agent.com.atproto.repo.createRecord({
        repo: alice.did,
        collection: "app.bsky.feed.post",
        record: { $type: "app.bsky.feed.post", text: 42 },
      }),
    ).rejects.toMatchObject({ status: 400, error: "InvalidRecord" });
  });

  it("putRecord honours swapRecord and swapCommit", async () => {
    const created = await alice.agent.com.atproto.repo.putRecord({
      repo: alice.did,
      collection: "app.bsky.actor.profile",
      rkey: "self",
      record: { $type: "app.bsky.actor.profile", displayName: "A" },
    });
    const wrongSwap = "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm";
    await expect(
      alice.agent.com.atproto.repo.putRecord({
        repo: alice.did,
        collection: "app.bsky.actor.profile",
        rkey: "self",
        record: { $type: "app.bsky.actor.profile", displayName: "B" },
        swapRecord: wrongSwap,
      }),
    ).rejects.toMatchObject({ status: 400, error: "InvalidSwap" });
    const ok = await alice.agent.com.atproto.repo.putRecord({
      repo: alice.did,
      collection: "app.bsky.actor.profile",
      rkey: "self",
      record: { $type: "app.bsky.actor.profile", displayName: "B" },
      swapRecord: created.data.cid,
    });
    await expect(
      alice.agent.com.atproto.repo.createRecord({
        repo: alice.did,
        collection: "app.bsky.feed.post",
        record: post("stale"),
        swapCommit: created.data.commit?.cid,
      }),
    ).rejects.toMatchObject({ status: 400, error: "InvalidSwap" });
    await alice.agent.com.atproto.repo.createRecord({
      repo: alice.did,
      collection: "app.bsky.feed.post",
      record: post("fresh"),
      swapCommit: ok.data.commit?.cid,
    });
  });

  it("applyWrites is atomic: one bad op changes nothing", async () => {
    const before = await alice.agent.com.atproto.sync.getLatestCommit({ did: alice.did });
    await expect(
      alice.agent.com.atproto.repo.applyWrites({
        repo: alice.did,
        writes: [
          {
            $type: "com.atproto.repo.applyWrites#create",
            collection: "app.bsky.feed.post",
            rkey: "3kgoodonezz22",
            value: post("a"),
          },
          {
            $type: "com.atproto.repo.applyWrites#delete",
            collection: "app.bsky.feed.post",
            rkey: "doesnotexist",
          },
        ],
      }),
    ).rejects.toMatchObject({ status: 400 });
    const after = await alice.agent.com.atproto.sync.getLatestCommit({ did: alice.did });
    expect(after.data).toEqual(before.data);
    await expect(
      alice.agent.com.atproto.repo.getRecord({
        repo: alice.did,
        collection: "app.bsky.feed.post",
        rkey: "3kgoodonezz22",
      }),
    ).rejects.toMatchObject({ error: "RecordNotFound" });
  });

  it("applyWrites creates, updates and deletes in one commit", async () => {
    const res = await alice.agent.com.atproto.repo.applyWrites({
      repo: alice.did,
      writes: [
        {
          $type: "com.atproto.repo.applyWrites#create",
          collection: "app.bsky.feed.post",
          rkey: "3kaaaaaaaaa22",
          value: post("1"),
        },
        {
          $type: "com.atproto.repo.applyWrites#create",
          collection: "app.bsky.feed.post",
          rkey: "3kaaaaaaaab22",
          value: post("2"),
        },
      ],
    });
    expect(res.data.results).toHaveLength(2);
    const res2 = await alice.agent.com.atproto.repo.applyWrites({
      repo: alice.did,
      writes: [
        {
          $type: "com.atproto.repo.applyWrites#update",
          collection: "app.bsky.feed.post",
          rkey: "3kaaaaaaaaa22",
          value: post("1b"),
        },
        {
          $type: "com.atproto.repo.applyWrites#delete",
          collection: "app.bsky.feed.post",
          rkey: "3kaaaaaaaab22",
        },
      ],
    });
    expect((res2.data.commit?.rev ?? "") > (res.data.commit?.rev ?? "")).toBe(true);
    const one = await alice.agent.com.atproto.repo.getRecord({
      repo: alice.did,
      collection: "app.bsky.feed.post",
      rkey: "3kaaaaaaaaa22",
    });
    expect((one.data.value as { text: string }).text).toBe("1b");
    await expect(
      alice.agent.com.atproto.repo.getRecord({
        repo: alice.did,
        collection: "app.bsky.feed.post",
        rkey: "3kaaaaaaaab22",
      }),
    ).rejects.toMatchObject({ error: "RecordNotFound" });
  });

  it("lists records newest first, pages by cursor, and reverses", async () => {
    const acct = await createTestAccount(pdsUrl);
    const rkeys: string[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await acct.agent.com.atproto.repo.createRecord({
        repo: acct.did,
        collection: "app.bsky.feed.post",
        record: post(`n${i}`),
      });
      rkeys.push(r.data.uri.split("/").pop() as string);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await acct.agent.com.atproto.repo.listRecords({
        repo: acct.did,
        collection: "app.bsky.feed.post",
        limit: 3,
        cursor,
      });
      seen.push(...page.data.records.map((r) => r.uri.split("/").pop() as string));
      cursor = page.data.cursor;
    } while (cursor);
    expect(seen).toEqual([...rkeys].reverse());
    const rev = await acct.agent.com.atproto.repo.listRecords({
      repo: acct.did,
      collection: "app.bsky.feed.post",
      reverse: true,
    });
    expect(rev.data.records.map((r) => r.uri.split("/").pop())).toEqual(rkeys);
  });

  it("describeRepo lists collections and a correct handle", async () => {
    const res = await alice.agent.com.atproto.repo.describeRepo({ repo: alice.did });
    expect(res.data.handle).toBe(alice.handle);
    expect(res.data.handleIsCorrect).toBe(true);
    expect(res.data.collections).toContain("app.bsky.feed.post");
  });

  it("refuses writes to another account's repo and anonymous writes", async () => {
    await expect(
      bob.agent.com.atproto.repo.createRecord({
        repo: alice.did,
        collection: "app.bsky.feed.post",
        record: post("x"),
      }),
    ).rejects.toMatchObject({ status: 401 });
    const anon = new AtpAgent({ service: pdsUrl });
    await expect(
      anon.com.atproto.repo.createRecord({
        repo: alice.did,
        collection: "app.bsky.feed.post",
        record: post("x"),
      }),
    ).rejects.toMatchObject({ status: 401, error: "AuthenticationRequired" });
  });
});
