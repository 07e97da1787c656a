// Inactive and deleted accounts end to end on the shared devnet: a member's post in a community feed
// (getFeedSkeleton of the Worker under wrangler dev, fed by our Jetstream from our PDS) leaves the feed
// when the account is deactivated, comes back on reactivation, and leaves for good when the account is
// deleted (requestAccountDelete + deleteAccount with the token read from the PDS's dev mail outbox).
// The deletion is seen as an #account event by a Jetstream subscriber, frees the handle, makes getRepo
// answer RepoNotFound, and the PDS's subscribeRepos replay keeps nothing of the DID but that event.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { AtpAgent } from "@atproto/api";
import { decodeAll } from "@atproto/lex-cbor";
import type { Collector, TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Community, post, waitForFeed } from "./support/community-scenario.ts";
import { accountEvents, communityWithWatchedMember } from "./support/watched-member.ts";

const { pdsUrl, jetstreamUrl, workerUrl, pdsMailOutboxDir } = inject("devnet");
const TOKEN = /confirmation code is: ([A-Z2-7]{5}-[A-Z2-7]{5})/;

// The deletion token mailed to `email`: the dev mailer writes one .eml file per message, named to sort
// by time, and the message is written before requestAccountDelete answers.
async function deletionToken(email: string): Promise<string> {
  const names = (await readdir(pdsMailOutboxDir)).filter((n) => n.endsWith(".eml")).sort();
  for (const name of names.reverse()) {
    const text = await readFile(path.join(pdsMailOutboxDir, name), "utf8");
    const token =
      text.includes(email) && text.includes("Account Deletion") ? TOKEN.exec(text)?.[1] : undefined;
    if (token) return token;
  }
  throw new Error(`no deletion token for ${email} in ${pdsMailOutboxDir}`);
}

type Frame = { t?: string; body: Record<string, unknown> };

// The PDS's firehose log from the start, read over subscribeRepos up to `lastSeq`.
async function replayFirehose(lastSeq: number, timeoutMs = 20_000): Promise<Frame[]> {
  const ws = new WebSocket(`${pdsUrl.replace(/^http/, "ws")}/xrpc/com.atproto.sync.subscribeRepos?cursor=0`);
  ws.binaryType = "arraybuffer";
  const frames: Frame[] = [];
  try {
    return await new Promise<Frame[]>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`replay timed out with ${frames.length} frames`)),
        timeoutMs,
      );
      ws.addEventListener("message", (e) => {
        const [header, body] = [...decodeAll(new Uint8Array(e.data as ArrayBuffer))] as [
          { t?: string },
          Record<string, unknown>,
        ];
        frames.push({ t: header.t, body });
        if (typeof body.seq === "number" && body.seq >= lastSeq) {
          clearTimeout(timer);
          resolve(frames);
        }
      });
      ws.addEventListener("error", () => reject(new Error("subscribeRepos failed")));
    });
  } finally {
    ws.close();
  }
}

describe("inactive and deleted accounts in community feeds", () => {
  let owner: TestAccount;
  let member: TestAccount;
  let community: Community;
  let collector: Collector;

  beforeAll(async () => {
    ({ owner, member, community, collector } = await communityWithWatchedMember(pdsUrl, jetstreamUrl));
  });
  afterAll(() => collector?.close());

  it("a deactivated member's posts leave the feed and come back on reactivation", async () => {
    const uri = await post(member.agent, `still here ${community.hashtag}`);
    await waitForFeed(workerUrl, community.feed, (u) => u.includes(uri));

    await member.agent.com.atproto.server.deactivateAccount({});
    await collector.waitFor((evs) => accountEvents(evs).some((a) => a.status === "deactivated"));
    await waitForFeed(workerUrl, community.feed, (u) => !u.includes(uri));

    await member.agent.com.atproto.server.activateAccount();
    await collector.waitFor((evs) => accountEvents(evs).some((a) => a.active));
    await waitForFeed(workerUrl, community.feed, (u) => u.includes(uri));
  });

  it("a deleted account's posts leave the feed for good; the PDS forgets it", async () => {
    const uri = await post(member.agent, `last words ${community.hashtag}`);
    const ownerPost = await post(owner.agent, `the owner stays ${community.hashtag}`);
    await waitForFeed(workerUrl, community.feed, (u) => u.includes(uri) && u.includes(ownerPost));

    await member.agent.com.atproto.server.requestAccountDelete();
    const anon = new AtpAgent({ service: pdsUrl });
    await anon.com.atproto.server.deleteAccount({
      did: member.did,
      password: member.password,
      token: await deletionToken(member.email),
    });

    const events = await collector.waitFor((evs) => accountEvents(evs).some((a) => a.status === "deleted"));
    const deleted = accountEvents(events).at(-1);
    expect(deleted).toMatchObject({ did: member.did, active: false, status: "deleted" });
    const feed = await waitForFeed(workerUrl, community.feed, (u) => !u.includes(uri));
    expect(feed).toContain(ownerPost);

    await expect(anon.com.atproto.sync.getRepo({ did: member.did })).rejects.toMatchObject({
      error: "RepoNotFound",
    });
    // The handle is free: a new account takes it and resolves by it.
    const again = await anon.createAccount({
      handle: member.handle,
      password: "a-new-password",
      email: `new-${member.email}`,
    });
    const resolved = await anon.com.atproto.identity.resolveHandle({ handle: member.handle });
    expect(resolved.data.did).toBe(again.data.did);

    // The firehose replay from the start: of the deleted DID only the #account deleted event is left.
    const frames = await replayFirehose(deleted?.seq as number);
    const ofMember = frames.filter((f) => f.body.did === member.did || f.body.repo === member.did);
    expect(ofMember.map((f) => [f.t, f.body.active, f.body.status])).toEqual([
      ["#account", false, "deleted"],
    ]);
    expect(frames.some((f) => f.body.repo === owner.did)).toBe(true);
  });
});
