import type { Cid } from "@atproto/lex-data";
import { readCar, readCarWithRoot } from "@atproto/repo";
import type { Event } from "@atproto/sync";
import { Firehose, MemoryRunner } from "@atproto/sync";
import { createTestAccount, localIdResolver, type TestAccount } from "@atrarium/testkit";
import { describe, expect, inject, it } from "vitest";
import { collectFrames, type Frame, subscribeFrames, wsUrlOf } from "./firehose-frames.ts";
import { invertCommitOps } from "./support/commit-ops-inversion.ts";

const { pdsUrl, plcUrl } = inject("devnet");
const post = (text: string) => ({ $type: "app.bsky.feed.post", text, createdAt: new Date().toISOString() });

// The seq of a marker commit by a fresh account, seen by a live subscriber: a cursor for "now".
async function markSeq(acct: TestAccount): Promise<number> {
  const isMarker = (x: Frame) => x.t === "#commit" && x.body.repo === acct.did;
  const sub = subscribeFrames(wsUrlOf(pdsUrl), (f) => f.some(isMarker));
  await sub.opened;
  await acct.agent.com.atproto.repo.createRecord({
    repo: acct.did,
    collection: "app.bsky.feed.post",
    record: post("marker"),
  });
  const frames = await sub.frames;
  return frames.find(isMarker)?.body.seq as number;
}

describe("com.atproto.sync.subscribeRepos", () => {
  it("a verifying @atproto/sync Firehose sees every create, update and delete with correct CIDs", async () => {
    const acct = await createTestAccount(pdsUrl);
    const seen: Event[] = [];
    const idResolver = localIdResolver(plcUrl, pdsUrl);
    // Replays from just before the writes, however late the subscription connects.
    const runner = new MemoryRunner({ startCursor: await markSeq(acct) });
    const errors: Error[] = [];
    const firehose = new Firehose({
      idResolver,
      runner,
      service: pdsUrl.replace(/^http/, "ws"),
      filterCollections: ["app.bsky.feed.post"],
      handleEvent: async (evt) => {
        if (evt.did === acct.did) seen.push(evt);
      },
      onError: (err) => errors.push(err),
    });
    firehose.start();
    const created = await acct.agent.com.atproto.repo.createRecord({
      repo: acct.did,
      collection: "app.bsky.feed.post",
      record: post("a"),
    });
    const rkey = created.data.uri.split("/").pop() as string;
    const updated = await acct.agent.com.atproto.repo.putRecord({
      repo: acct.did,
      collection: "app.bsky.feed.post",
      rkey,
      record: post("b"),
    });
    await acct.agent.com.atproto.repo.deleteRecord({
      repo: acct.did,
      collection: "app.bsky.feed.post",
      rkey,
    });
    const deadline = Date.now() + 10_000;
    while (
      seen.filter((e) => e.event !== "identity" && e.event !== "account").length < 3 &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await firehose.destroy();
    expect(errors).toEqual([]);
    const commits = seen.filter((e) => e.event === "create" || e.event === "update" || e.event === "delete");
    expect(commits.map((e) => e.event)).toEqual(["create", "update", "delete"]);
    const [c, u] = commits as ({ cid: Cid; uri: { rkey: string } } & Event)[];
    expect(c.cid.toString()).toBe(created.data.cid);
    expect(u.cid.toString()).toBe(updated.data.cid);
  });

  it("carries the record block even when its content is not new (same-content writes verify)", async () => {
    const acct = await createTestAccount(pdsUrl);
    const seen: Event[] = [];
    const errors: Error[] = [];
    const firehose = new Firehose({
      idResolver: localIdResolver(plcUrl, pdsUrl),
      runner: new MemoryRunner({ startCursor: await markSeq(acct) }),
      service: pdsUrl.replace(/^http/, "ws"),
      filterCollections: ["app.bsky.actor.profile", "app.bsky.feed.post"],
      handleEvent: async (evt) => {
        if (evt.did === acct.did) seen.push(evt);
      },
      onError: (err) => errors.push(err),
    });
    firehose.start();
    const profile = { $type: "app.bsky.actor.profile", displayName: "Same" };
    const put = () =>
      acct.agent.com.atproto.repo.putRecord({
        repo: acct.did,
        collection: "app.bsky.actor.profile",
        rkey: "self",
        record: profile,
      });
    await put();
    await put();
    const same = post("identical");
    const first = await acct.agent.com.atproto.repo.createRecord({
      repo: acct.did,
      collection: "app.bsky.feed.post",
      record: same,
    });
    await acct.agent.com.atproto.repo.applyWrites({
      repo: acct.did,
      writes: [
        {
          $type: "com.atproto.repo.applyWrites#delete",
          collection: "app.bsky.feed.post",
          rkey: first.data.uri.split("/").pop() as string,
        },
        { $type: "com.atproto.repo.applyWrites#create", collection: "app.bsky.feed.post", value: same },
      ],
    });
    const deadline = Date.now() + 10_000;
    while (seen.length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await firehose.destroy();
    expect(errors).toEqual([]);
    expect(seen.map((e) => e.event)).toEqual(["create", "update", "create", "delete", "create"]);
  });

  it("replays exactly the missed events from a cursor", async () => {
    const acct = await createTestAccount(pdsUrl);
    const head = await markSeq(acct);
    for (let i = 0; i < 5; i++) {
      await acct.agent.com.atproto.repo.createRecord({
        repo: acct.did,
        collection: "app.bsky.feed.post",
        record: post(`r${i}`),
      });
    }
    const frames = await collectFrames(
      wsUrlOf(pdsUrl, head),
      (f) => f.filter((x) => x.body.repo === acct.did).length >= 5,
    );
    const seqs = frames.map((f) => f.body.seq as number);
    expect(seqs[0]).toBe(head + 1);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(seqs[i - 1] + 1);
    const mine = frames.filter((f) => f.t === "#commit" && f.body.repo === acct.did);
    expect(mine).toHaveLength(5);
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it("each #commit carries prevData equal to the previous data root, and its ops invert to it", async () => {
    const acct = await createTestAccount(pdsUrl);
    const head = await markSeq(acct);
    const rkeys: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await acct.agent.com.atproto.repo.createRecord({
        repo: acct.did,
        collection: "app.bsky.feed.post",
        record: post(`x${i}`),
      });
      rkeys.push(r.data.uri.split("/").pop() as string);
    }
    await acct.agent.com.atproto.repo.putRecord({
      repo: acct.did,
      collection: "app.bsky.feed.post",
      rkey: rkeys[2],
      record: post("upd"),
    });
    await acct.agent.com.atproto.repo.deleteRecord({
      repo: acct.did,
      collection: "app.bsky.feed.post",
      rkey: rkeys[5],
    });
    await acct.agent.com.atproto.repo.applyWrites({
      repo: acct.did,
      writes: [
        { $type: "com.atproto.repo.applyWrites#delete", collection: "app.bsky.feed.post", rkey: rkeys[7] },
        {
          $type: "com.atproto.repo.applyWrites#create",
          collection: "app.bsky.feed.like",
          rkey: "3kzzzzzzzzz22",
          value: {
            $type: "app.bsky.feed.like",
            subject: {
              uri: `at://${acct.did}/app.bsky.feed.post/${rkeys[0]}`,
              cid: "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm",
            },
            createdAt: new Date().toISOString(),
          },
        },
      ],
    });
    const frames = await collectFrames(
      wsUrlOf(pdsUrl, head),
      (f) => f.filter((x) => x.t === "#commit" && x.body.repo === acct.did).length >= 15,
    );
    const commits = frames.filter((f) => f.t === "#commit" && f.body.repo === acct.did);
    let prevDataRoot: string | null = null;
    for (const frame of commits) {
      const { blocks } = await readCar(frame.body.blocks as Uint8Array);
      const commitBytes = blocks.get(frame.body.commit as Cid);
      expect(commitBytes).toBeDefined();
      const { decode } = await import("@atproto/lex-cbor");
      const commit = decode(commitBytes as Uint8Array) as { data: Cid; rev: string };
      expect(commit.rev).toBe(frame.body.rev);
      if (prevDataRoot !== null) {
        expect((frame.body.prevData as Cid).toString()).toBe(prevDataRoot);
        const inverted = await invertCommitOps({
          blocks,
          root: commit.data,
          ops: frame.body.ops as never,
        });
        expect(inverted.toString()).toBe(prevDataRoot);
      }
      prevDataRoot = commit.data.toString();
    }
  });

  it("a new account is announced by #identity, #account, its genesis #commit and #sync", async () => {
    const name = `s${Date.now().toString(36)}`;
    const didOf = (f: Frame[]) =>
      f.find((x) => x.t === "#identity" && x.body.handle === `${name}.test`)?.body.did;
    const sub = subscribeFrames(wsUrlOf(pdsUrl), (f) =>
      f.some((x) => x.t === "#sync" && x.body.did === didOf(f)),
    );
    await sub.opened;
    const acct = await createTestAccount(pdsUrl, name);
    const did = acct.did;
    const frames = (await sub.frames).filter((f) => f.body.did === did || f.body.repo === did);
    expect(frames.map((f) => f.t)).toEqual(["#identity", "#account", "#commit", "#sync"]);
    expect(frames[0].body.handle).toBe(acct.handle);
    expect(frames[1].body.active).toBe(true);
    const [, , commit, sync] = frames;
    expect(sync.body.rev).toBe(commit.body.rev);
    const { root, blocks } = await readCarWithRoot(sync.body.blocks as Uint8Array);
    expect(root.toString()).toBe(String(commit.body.commit));
    expect(blocks.size).toBe(1);
  });

  it("a cursor in the future gets a FutureCursor error frame", async () => {
    const frames = await collectFrames(wsUrlOf(pdsUrl, 10_000_000), (f) => f.length >= 1);
    expect(frames[0].op).toBe(-1);
    expect(frames[0].body.error).toBe("FutureCursor");
  });
});
