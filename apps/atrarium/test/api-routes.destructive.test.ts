// The Atrarium API against a real Worker (wrangler dev) and a real PDS: every method over XRPC and its
// REST alias, validated against the lexicons, effective roles, validation errors and CORS. The Worker
// listens to a scripted Jetstream that delivers only the community's config (a hint claims no
// hashtag), so everything else it knows came through sync hints (indexRecord) that users send with
// service JWTs from their own PDS.
import { Lexicons } from "@atproto/lexicon";
import {
  ATRARIUM_LEXICON_DOCS,
  COMMUNITY_GET_FEED_PREVIEW_NSID,
  COMMUNITY_GET_NSID,
  COMMUNITY_GET_STATS_NSID,
  COMMUNITY_GET_VIEWER_STATE_NSID,
  COMMUNITY_LIST_MEMBERS_NSID,
  COMMUNITY_LIST_NSID,
  MODERATION_LIST_ACTIONS_NSID,
  SYNC_INDEX_RECORD_NSID,
} from "@atrarium/lexicon";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, callAs } from "./support/api-client.ts";
import { type ApiPipeline, apiPipeline } from "./support/api-pipeline.ts";
import { type Community, createCommunity, join, moderate, post } from "./support/community-scenario.ts";
import { indexConfig } from "./support/stream-relay.ts";

const lexicons = new Lexicons(ATRARIUM_LEXICON_DOCS);
const DASHBOARD = "http://dashboard.test";

describe("Atrarium API routes", () => {
  let p: ApiPipeline;
  let owner: TestAccount;
  let mod: TestAccount;
  let member: TestAccount;
  let leaver: TestAccount;
  let pretender: TestAccount;
  let blocked: TestAccount;
  let outsider: TestAccount;
  let community: Community;
  const posts: string[] = [];
  let hidden: string;

  const hint = async (who: TestAccount, uri: string, community?: string) =>
    callAs(who.agent, p, SYNC_INDEX_RECORD_NSID, "/xrpc/net.atrarium.sync.indexRecord", {
      body: { uri, ...(community ? { community } : {}) },
    });
  const indexed = async (who: TestAccount, uri: string) => {
    const res = await hint(who, uri);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res;
  };

  beforeAll(async () => {
    p = await apiPipeline({ jetstream: false, vars: { ALLOWED_ORIGINS: `${DASHBOARD}, http://other.test` } });
    [owner, mod, member, leaver, pretender, blocked, outsider] = await Promise.all(
      Array.from({ length: 7 }, () => createTestAccount(p.stack.pdsUrl)),
    );
    community = await createCommunity(owner.agent, { moderators: [mod.did] });
    // A hint claims no hashtag: the config comes through the (scripted) stream; then hints may update it.
    await indexConfig(p, community);
    await indexed(owner, community.uri);
    for (const [who, role, active] of [
      [member, "member", true],
      [leaver, "member", false],
      [pretender, "owner", true],
      [blocked, "member", true],
    ] as const) {
      await indexed(who, await join(who.agent, community, role, active));
    }
    for (const [i, who] of [owner, mod, member, member, leaver, blocked, outsider].entries()) {
      const uri = await post(who.agent, `post ${i} ${community.hashtag}`);
      await indexed(who, uri);
      posts.push(uri);
    }
    hidden = posts[3];
    await indexed(owner, await moderate(owner.agent, community, "hide_post", hidden));
    await indexed(mod, await moderate(mod.agent, community, "block_user", blocked.did));
    // Counts for nothing: not staff.
    await indexed(pretender, await moderate(pretender.agent, community, "hide_post", posts[2]));
  }, 90_000);
  afterAll(async () => {
    await p?.close();
  });

  const get = (path: string) => callApi(p.worker.url, path);

  it("serves each anonymous method at its XRPC path and its REST alias with the same body", async () => {
    const id = community.id;
    const pairs: [string, string, string][] = [
      [COMMUNITY_LIST_NSID, "", "/api/communities"],
      [COMMUNITY_GET_NSID, `community=${id}`, `/api/communities/${id}`],
      [COMMUNITY_LIST_MEMBERS_NSID, `community=${id}`, `/api/communities/${id}/members`],
      [COMMUNITY_GET_FEED_PREVIEW_NSID, `community=${id}`, `/api/communities/${id}/feed`],
      [COMMUNITY_GET_STATS_NSID, `community=${id}`, `/api/communities/${id}/stats`],
    ];
    for (const [nsid, query, rest] of pairs) {
      const xrpc = await get(`/xrpc/${nsid}?${query}`);
      const alias = await get(rest);
      expect(xrpc.status, `${nsid}: ${JSON.stringify(xrpc.body)}`).toBe(200);
      expect(alias.body).toEqual(xrpc.body);
      expect(() => lexicons.assertValidXrpcOutput(nsid, xrpc.body)).not.toThrow();
      expect(xrpc.body.stale).toBe(false);
      expect(xrpc.headers.get("atrarium-stale")).toBeNull();
      expect(Number(xrpc.headers.get("ratelimit-remaining"))).toBeGreaterThan(0);
    }
  });

  it("describes the community from the owner's config", async () => {
    const { body } = await get(`/api/communities/${community.id}`);
    expect(body.community).toMatchObject({
      id: community.id,
      uri: community.uri,
      owner: owner.did,
      hashtag: community.hashtag,
      moderators: [mod.did],
      feed: community.feed,
    });
    const list = await get("/api/communities");
    expect((list.body.communities as { id: string }[]).map((c) => c.id)).toEqual([community.id]);
  });

  it("lists members with effective roles: config staff, active members, never a self-asserted role", async () => {
    const { body } = await get(`/api/communities/${community.id}/members`);
    const members = body.members as { did: string; role: string; blocked: boolean }[];
    expect(members.map((m) => [m.did, m.role, m.blocked])).toEqual([
      [owner.did, "owner", false],
      [mod.did, "moderator", false],
      ...[member, pretender, blocked]
        .map((a) => [a.did, "member", a === blocked] as const)
        .sort((a, b) => {
          const joined = (did: string) =>
            members.find((m) => m.did === did) as unknown as { joinedAt: string };
          return joined(a[0]).joinedAt.localeCompare(joined(b[0]).joinedAt) || a[0].localeCompare(b[0]);
        }),
    ]);
    expect(members.map((m) => m.did)).not.toContain(leaver.did);
    // Paging covers the same list without repeats.
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let round = 0; round < 10; round++) {
      const page = await get(
        `/api/communities/${community.id}/members?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      seen.push(...(page.body.members as { did: string }[]).map((m) => m.did));
      cursor = page.body.cursor as string | undefined;
      if (!cursor) break;
    }
    expect(seen).toEqual(members.map((m) => m.did));
  });

  it("previews the visible feed with text, newest first, and counts stats", async () => {
    const { body } = await get(`/api/communities/${community.id}/feed`);
    const feed = body.posts as { uri: string; text: string; author: string }[];
    // Visible: staff and active, unblocked members; not hidden; not the leaver, blocked or outsider.
    const visible = [posts[0], posts[1], posts[2]];
    expect(feed.map((f) => f.uri)).toEqual([...visible].reverse());
    expect(feed[0].text).toBe(`post 2 ${community.hashtag}`);
    const stats = (await get(`/api/communities/${community.id}/stats`)).body;
    expect(stats).toMatchObject({ members: 4, posts24h: 3, posts7d: 3, hiddenPosts: 1, stale: false });
    expect(Date.parse(stats.lastActivityAt as string)).toBeGreaterThan(Date.now() - 120_000);
  });

  it("tells a signed-in caller their standing", async () => {
    const state = async (who: TestAccount) => {
      const res = await callAs(
        who.agent,
        p,
        COMMUNITY_GET_VIEWER_STATE_NSID,
        `/api/communities/${community.id}/me`,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(() => lexicons.assertValidXrpcOutput(COMMUNITY_GET_VIEWER_STATE_NSID, res.body)).not.toThrow();
      return res.body;
    };
    expect(await state(owner)).toMatchObject({ did: owner.did, member: true, role: "owner", blocked: false });
    expect(await state(mod)).toMatchObject({ member: true, role: "moderator" });
    expect(await state(pretender)).toMatchObject({ member: true, role: "member" });
    expect(await state(blocked)).toMatchObject({ member: true, role: "member", blocked: true });
    // An open community: a former member is not a pending request either.
    expect(await state(leaver)).toEqual({
      did: leaver.did,
      member: false,
      pending: false,
      blocked: false,
      stale: false,
    });
    expect(await state(outsider)).toMatchObject({ member: false });
    expect((await get(`/api/communities/${community.id}/me`)).status).toBe(401);
  });

  it("lists moderation actions for the owner and moderators only", async () => {
    const actions = (who: TestAccount) =>
      callAs(who.agent, p, MODERATION_LIST_ACTIONS_NSID, `/api/moderation/actions?community=${community.id}`);
    const asOwner = await actions(owner);
    expect(asOwner.status).toBe(200);
    expect(() => lexicons.assertValidXrpcOutput(MODERATION_LIST_ACTIONS_NSID, asOwner.body)).not.toThrow();
    const list = asOwner.body.actions as { author: string; action: string; counted: boolean }[];
    expect(list.map((a) => [a.author, a.action, a.counted])).toEqual([
      [pretender.did, "hide_post", false],
      [mod.did, "block_user", true],
      [owner.did, "hide_post", true],
    ]);
    expect((await actions(mod)).status).toBe(200);
    for (const who of [member, pretender]) {
      const res = await actions(who);
      expect(res.status).toBe(403);
      expect(res.body.error).toBe("Forbidden");
    }
    const anonymous = await get(`/api/moderation/actions?community=${community.id}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ error: "AuthenticationRequired" });
  });

  it("answers bad input with XRPC errors", async () => {
    const cases: [string, number, string][] = [
      ["/api/communities/NOTHEX00", 400, "InvalidRequest"],
      ["/api/communities/00000000", 404, "CommunityNotFound"],
      [`/api/communities/${community.id}/members?limit=0`, 400, "InvalidRequest"],
      [`/api/communities/${community.id}/members?limit=101`, 400, "InvalidRequest"],
      [`/api/communities/${community.id}/members?cursor=garbage`, 400, "InvalidRequest"],
      [`/api/communities/${community.id}/feed?cursor=garbage`, 400, "InvalidRequest"],
      [`/xrpc/${COMMUNITY_GET_NSID}`, 400, "InvalidRequest"],
      ["/api/communities?cursor=zzzz", 400, "InvalidRequest"],
      ["/api/nothing-here", 404, "NotFound"],
    ];
    for (const [path, status, error] of cases) {
      const res = await get(path);
      expect([path, res.status, res.body.error]).toEqual([path, status, error]);
      expect(typeof res.body.message).toBe("string");
    }
    const wrongVerb = await callApi(p.worker.url, `/xrpc/${COMMUNITY_GET_NSID}?community=${community.id}`, {
      method: "POST",
    });
    expect(wrongVerb).toMatchObject({ status: 400, body: { error: "InvalidRequest" } });
  });

  it("allows the dashboard origin with CORS and exposes the API headers", async () => {
    const preflight = await fetch(`${p.worker.url}/api/communities/${community.id}/me`, {
      method: "OPTIONS",
      headers: {
        origin: DASHBOARD,
        "access-control-request-method": "GET",
        "access-control-request-headers": "authorization",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(DASHBOARD);
    expect(preflight.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
    const res = await fetch(`${p.worker.url}/api/communities`, { headers: { origin: DASHBOARD } });
    expect(res.headers.get("access-control-allow-origin")).toBe(DASHBOARD);
    const exposed = res.headers.get("access-control-expose-headers")?.toLowerCase() ?? "";
    for (const h of [
      "atrarium-stale",
      "ratelimit-limit",
      "ratelimit-remaining",
      "ratelimit-reset",
      "retry-after",
    ])
      expect(exposed).toContain(h);
    const foreign = await fetch(`${p.worker.url}/api/communities`, {
      headers: { origin: "http://evil.test" },
    });
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
  });
});
