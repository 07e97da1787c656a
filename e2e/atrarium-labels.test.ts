// Trusted labelers (issue 26) against the shared devnet, whose PDS is the Worker's trusted labeler
// (TRUSTED_LABELERS = the PDS's did:web, packages/devnet): a member posts in a community; the PDS
// administrator labels the post `!hide` (net.atrarium.pds.admin.emitLabels), and it leaves the
// community feed within a bounded wait; negating the label brings it back; a `spam` label on the
// member's account hides all their posts, and its negation brings them back.
import { AtpAgent } from "@atproto/api";
import { PDS_LEXICON_DOCS } from "@atrarium/lexicon";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Caller, expectOk, signedInCallers, type WorkerCalls } from "./support/worker-calls.ts";

const devnet = inject("devnet");
// Labels reach the feeds through the labeler's stream and a push to every community.
const LABEL_WAIT = { timeout: 30_000, interval: 250 };

let browser: Browser;
let api: WorkerCalls;
let owner: Caller;
let member: Caller;
let pdsAdmin: AtpAgent;

beforeAll(async () => {
  const stack = await signedInCallers(devnet, 2);
  browser = stack.browser;
  api = stack.api;
  [owner, member] = stack.callers as [Caller, Caller];
  pdsAdmin = new AtpAgent({ service: devnet.pdsUrl });
  for (const doc of PDS_LEXICON_DOCS) pdsAdmin.lex.add(doc);
  pdsAdmin.setHeader("authorization", `Basic ${btoa(`admin:${devnet.pdsAdminPassword}`)}`);
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

const emit = async (uri: string, change: { createLabelVals?: string[]; negateLabelVals?: string[] }) =>
  pdsAdmin.call("net.atrarium.pds.admin.emitLabels", undefined, { uri, ...change });

describe("posts hidden by a trusted labeler", { timeout: 120_000 }, () => {
  let community: { id: string; hashtag: string };
  let first: string;
  let second: string;

  const skeleton = async () => {
    const feed = `at://${owner.account.did}/app.bsky.feed.generator/${community.id}`;
    const body = expectOk(
      await api.read(`/xrpc/app.bsky.feed.getFeedSkeleton?limit=100&feed=${encodeURIComponent(feed)}`),
    );
    return (body.feed as { post: string }[]).map((p) => p.post);
  };
  const postIn = async (text: string) => {
    const { uri } = await member.account.agent.post({ text: `${text} ${community.hashtag}` });
    expectOk(await api.xrpc(member, "net.atrarium.sync.indexRecord", { uri, community: community.id }));
    return uri;
  };

  it("a member's posts show in the community feed", async () => {
    const body = expectOk(await api.rest(owner, "POST", "/api/communities", { name: "Labelled garden" }));
    community = { id: String(body.id), hashtag: String(body.hashtag) };
    expectOk(await api.rest(member, "POST", "/api/memberships", { community: community.id }));
    first = await postIn("Tomatoes are in");
    second = await postIn("Beans are up");
    await expect.poll(skeleton, LABEL_WAIT).toEqual([second, first]);
  });

  it("a !hide label on a post hides it; its negation brings it back", async () => {
    await emit(first, { createLabelVals: ["!hide"] });
    await expect.poll(skeleton, LABEL_WAIT).toEqual([second]);
    await emit(first, { negateLabelVals: ["!hide"] });
    await expect.poll(skeleton, LABEL_WAIT).toEqual([second, first]);
  });

  it("a label value not in HIDDEN_LABEL_VALUES hides nothing", async () => {
    await emit(second, { createLabelVals: ["gardening"] });
    // Labels are applied in the stream's order: once a later hide shows, the earlier label was seen.
    await emit(first, { createLabelVals: ["!hide"] });
    await expect.poll(skeleton, LABEL_WAIT).toEqual([second]);
    await emit(first, { negateLabelVals: ["!hide"] });
    await expect.poll(skeleton, LABEL_WAIT).toEqual([second, first]);
  });

  it("a spam label on the account hides all its posts; its negation brings them back", async () => {
    await emit(member.account.did, { createLabelVals: ["spam"] });
    await expect.poll(skeleton, LABEL_WAIT).toEqual([]);
    await emit(member.account.did, { negateLabelVals: ["spam"] });
    await expect.poll(skeleton, LABEL_WAIT).toEqual([second, first]);
  });
});
