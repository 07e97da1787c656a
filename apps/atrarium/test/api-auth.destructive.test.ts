// Service auth and sync hints against a real Worker and real JWTs from our PDS: forged, misaddressed,
// expired, future-dated, replayed and unknown-issuer tokens are refused; a key rotation is followed
// (the test holds the keys of its own did:plc); a call proxied by our PDS with `atproto-proxy` works.
// Sync hints apply only records proven from the caller's own repo.
import type { AtpAgent } from "@atproto/api";
import { P256Keypair } from "@atproto/crypto";
import {
  COMMUNITY_GET_FEED_PREVIEW_NSID,
  COMMUNITY_GET_STATS_NSID,
  COMMUNITY_GET_VIEWER_STATE_NSID,
  COMMUNITY_LIST_NSID,
  SYNC_INDEX_RECORD_NSID,
} from "@atrarium/lexicon";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, callAs, serviceJwt } from "./support/api-client.ts";
import { type ApiPipeline, apiPipeline } from "./support/api-pipeline.ts";
import { type Community, createCommunity, join, post } from "./support/community-scenario.ts";
import { type FakePds, fakePds, proofCar } from "./support/fake-pds.ts";
import { ownIdentity, signServiceJwt } from "./support/own-identity.ts";
import { indexConfig } from "./support/stream-relay.ts";

const STATS = `/xrpc/${COMMUNITY_GET_STATS_NSID}`;
const now = () => Math.floor(Date.now() / 1000);

describe("service auth", () => {
  let p: ApiPipeline;
  let alice: TestAccount;
  let community: Community;
  const statsPath = () => `${STATS}?community=${community.id}`;
  const withToken = (token: string, path = statsPath()) => callApi(p.url, path, { token });

  beforeAll(async () => {
    p = await apiPipeline({ jetstream: false });
    alice = await createTestAccount(p.stack.pdsUrl);
    community = await createCommunity(alice.agent);
    const res = await callAs(
      alice.agent,
      p,
      SYNC_INDEX_RECORD_NSID,
      `/api/communities/${community.id}/sync`,
      {
        body: { uri: community.uri },
      },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // A hint claims no hashtag: the config comes through the (scripted) stream.
    await indexConfig(p, community);
  }, 90_000);
  afterAll(async () => {
    await p?.close();
  });

  it("accepts a token from the caller's PDS once, with aud alone or with a service fragment", async () => {
    for (const aud of [p.did, `${p.did}#atrarium_api`, `${p.did}#bsky_fg`]) {
      const res = await withToken(await serviceJwt(alice.agent, aud, COMMUNITY_GET_STATS_NSID));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
  });

  it("refuses forged, misaddressed, wrong-method and replayed tokens", async () => {
    const valid = await serviceJwt(alice.agent, p.did, COMMUNITY_GET_STATS_NSID);
    const [head, payload, sig] = valid.split(".");
    const flipped = `${sig.slice(0, 10)}${sig[10] === "A" ? "B" : "A"}${sig.slice(11)}`;
    const forged = await withToken(`${head}.${payload}.${flipped}`);
    expect(forged).toMatchObject({ status: 401, body: { error: "BadJwtSignature" } });

    const otherAud = await withToken(
      await serviceJwt(alice.agent, "did:web:elsewhere.test", COMMUNITY_GET_STATS_NSID),
    );
    expect(otherAud).toMatchObject({ status: 401, body: { error: "BadJwtAudience" } });

    const otherMethod = await withToken(await serviceJwt(alice.agent, p.did, COMMUNITY_LIST_NSID));
    expect(otherMethod).toMatchObject({ status: 401, body: { error: "BadJwtLexiconMethod" } });

    expect((await withToken(valid)).status).toBe(200);
    expect(await withToken(valid)).toMatchObject({ status: 401, body: { error: "JwtReplayed" } });

    expect(await callApi(p.url, statsPath(), { headers: { authorization: "Basic abc" } })).toMatchObject({
      status: 401,
      body: { error: "BadAuthorization" },
    });
    expect(await withToken("not.a.jwt")).toMatchObject({ status: 401, body: { error: "BadJwt" } });
  });

  it("refuses an expired token", async () => {
    // A PDS will not issue a token that has already expired, and waiting for one to expire would tie
    // the test to the wall clock: the test signs with a key of its own instead.
    const own = await ownIdentity(p.stack.plcUrl);
    const claims = { iss: own.did, aud: p.did, lxm: COMMUNITY_GET_STATS_NSID };
    // A 60-second token whose last second has just passed.
    const expired = await signServiceJwt(own.key, { ...claims, iat: now() - 61, exp: now() - 1 });
    expect(await withToken(expired)).toMatchObject({ status: 401, body: { error: "JwtExpired" } });
    // The same claims within their lifetime are accepted: the expiry alone refused the first.
    expect((await withToken(await signServiceJwt(own.key, claims))).status).toBe(200);
  });

  it("refuses future iat, overlong lifetime, missing lxm, a replay without jti, and an unknown DID", async () => {
    const own = await ownIdentity(p.stack.plcUrl);
    const claims = { iss: own.did, aud: p.did, lxm: COMMUNITY_GET_STATS_NSID };
    const sign = (extra: Record<string, unknown>) => signServiceJwt(own.key, { ...claims, ...extra });
    expect(await withToken(await sign({ iat: now() + 600, exp: now() + 900 }))).toMatchObject({
      status: 401,
      body: { error: "BadJwtIat" },
    });
    expect(await withToken(await sign({ exp: now() + 3 * 3600 }))).toMatchObject({
      status: 401,
      body: { error: "BadJwtLifetime" },
    });
    expect(await withToken(await sign({ lxm: undefined }))).toMatchObject({
      status: 401,
      body: { error: "BadJwtLexiconMethod" },
    });
    const noJti = await sign({ jti: undefined });
    expect((await withToken(noJti)).status).toBe(200);
    expect(await withToken(noJti)).toMatchObject({ status: 401, body: { error: "JwtReplayed" } });
    const unknown = await signServiceJwt(own.key, { ...claims, iss: "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa" });
    expect(await withToken(unknown)).toMatchObject({ status: 401, body: { error: "UnknownDid" } });
  });

  it("follows a key rotation: old key, rotate, new key, old key refused", async () => {
    const own = await ownIdentity(p.stack.plcUrl);
    const oldKey = own.key;
    const token = (key = own.key) =>
      signServiceJwt(key, { iss: own.did, aud: p.did, lxm: COMMUNITY_GET_STATS_NSID });
    expect((await withToken(await token(oldKey))).status).toBe(200);
    const newKey = await own.rotate();
    const afterRotation = await withToken(await token(newKey));
    expect(afterRotation.status, JSON.stringify(afterRotation.body)).toBe(200);
    expect(await withToken(await token(oldKey))).toMatchObject({
      status: 401,
      body: { error: "BadJwtSignature" },
    });
  });

  it("verifies ES256 tokens of a P-256 key", async () => {
    const own = await ownIdentity(p.stack.plcUrl, { p256: true });
    expect(own.key).toBeInstanceOf(P256Keypair);
    const token = await signServiceJwt(own.key, { iss: own.did, aud: p.did, lxm: COMMUNITY_GET_STATS_NSID });
    expect((await withToken(token)).status).toBe(200);
  });

  it("serves a call our PDS proxies with atproto-proxy", async () => {
    const viaPds = async () =>
      callApi(p.stack.pdsUrl, `/xrpc/${COMMUNITY_GET_VIEWER_STATE_NSID}?community=${community.id}`, {
        token: alice.agent.session?.accessJwt,
        headers: { "atproto-proxy": `${p.did}#atrarium_api` },
      });
    const first = await viaPds();
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ did: alice.did, member: true, role: "owner" });
    // The PDS mints a fresh token per proxied call, so a second call is no replay.
    expect((await viaPds()).status).toBe(200);
  });
});

describe("sync hints", () => {
  let p: ApiPipeline;
  let alice: TestAccount;
  let bob: TestAccount;
  let community: Community;
  let fake: FakePds;
  const hint = (who: AtpAgent, body: Record<string, unknown>, path = "/xrpc/net.atrarium.sync.indexRecord") =>
    callAs(who, p, SYNC_INDEX_RECORD_NSID, path, { body });
  const preview = async () =>
    (
      await callApi<{ posts: { uri: string; text: string }[] }>(
        p.url,
        `/xrpc/${COMMUNITY_GET_FEED_PREVIEW_NSID}?community=${community.id}`,
      )
    ).body.posts;

  beforeAll(async () => {
    p = await apiPipeline({ jetstream: false });
    fake = await fakePds();
    [alice, bob] = await Promise.all([createTestAccount(p.stack.pdsUrl), createTestAccount(p.stack.pdsUrl)]);
    community = await createCommunity(alice.agent);
    await indexConfig(p, community);
    expect((await hint(alice.agent, { uri: community.uri })).body).toMatchObject({ status: "indexed" });
    expect((await hint(bob.agent, { uri: await join(bob.agent, community) })).body).toMatchObject({
      status: "indexed",
    });
  }, 90_000);
  afterAll(async () => {
    await fake?.close();
    await p?.close();
  });

  it("indexes the caller's own post at once, and a proven deletion", async () => {
    const uri = await post(bob.agent, `fresh ${community.hashtag}`);
    const res = await hint(bob.agent, { uri }, `/api/communities/${community.id}/sync`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ uri, status: "indexed" });
    expect(res.body.rev).toMatch(/^[a-z2-7]{13}$/);
    expect((await preview()).map((x) => x.uri)).toContain(uri);
    const rkey = uri.split("/").pop() as string;
    await bob.agent.com.atproto.repo.deleteRecord({ repo: bob.did, collection: "app.bsky.feed.post", rkey });
    expect((await hint(bob.agent, { uri })).body).toMatchObject({ uri, status: "deleted" });
    expect((await preview()).map((x) => x.uri)).not.toContain(uri);
  });

  it("rejects records in another repo, missing records, other collections and records of another community", async () => {
    const alicePost = await post(alice.agent, `mine ${community.hashtag}`);
    expect(await hint(bob.agent, { uri: alicePost })).toMatchObject({
      status: 403,
      body: { error: "Forbidden" },
    });
    const missing = `at://${bob.did}/app.bsky.feed.post/3kaaaaaaaaaa2`;
    expect(await hint(bob.agent, { uri: missing })).toMatchObject({
      status: 404,
      body: { error: "RecordNotFound" },
    });
    const like = `at://${bob.did}/app.bsky.feed.like/3kaaaaaaaaaa2`;
    expect(await hint(bob.agent, { uri: like })).toMatchObject({
      status: 400,
      body: { error: "InvalidRequest" },
    });
    const elsewhere = await post(bob.agent, "#atrarium_00000001 not this community");
    expect(await hint(bob.agent, { uri: elsewhere }, `/api/communities/${community.id}/sync`)).toMatchObject({
      status: 400,
      body: { error: "InvalidRequest" },
    });
    expect(await hint(bob.agent, { uri: "not-a-uri" })).toMatchObject({ status: 400 });
    expect(
      (await callApi(p.url, "/xrpc/net.atrarium.sync.indexRecord", { body: { uri: alicePost } })).status,
    ).toBe(401);
  });

  it("rejects forged proofs and accepts a genuine one from a self-hosted PDS", async () => {
    const own = await ownIdentity(p.stack.plcUrl, { pds: fake.url });
    const rkey = "3kbbbbbbbbbb2";
    const uri = `at://${own.did}/app.bsky.feed.post/${rkey}`;
    const record = {
      $type: "app.bsky.feed.post",
      text: `self-hosted ${community.hashtag}`,
      createdAt: new Date().toISOString(),
    };
    const send = async () =>
      callApi(p.url, "/xrpc/net.atrarium.sync.indexRecord", {
        token: await signServiceJwt(own.key, { iss: own.did, aud: p.did, lxm: SYNC_INDEX_RECORD_NSID }),
        body: { uri },
      });

    const stranger = await P256Keypair.create();
    fake.answer(await proofCar(own.did, stranger, "app.bsky.feed.post", rkey, record));
    expect(await send()).toMatchObject({ status: 400, body: { error: "InvalidProof" } });

    const genuine = await proofCar(own.did, own.key, "app.bsky.feed.post", rkey, record);
    const tampered = Uint8Array.from(genuine);
    const at = Buffer.from(tampered).indexOf("self-hosted");
    tampered[at] = "S".charCodeAt(0);
    fake.answer(tampered);
    expect(await send()).toMatchObject({ status: 400, body: { error: "InvalidProof" } });

    const otherRepo = await proofCar(
      "did:plc:bbbbbbbbbbbbbbbbbbbbbbbb",
      own.key,
      "app.bsky.feed.post",
      rkey,
      record,
    );
    fake.answer(otherRepo);
    expect(await send()).toMatchObject({ status: 400, body: { error: "InvalidProof" } });

    fake.answer(null);
    expect(await send()).toMatchObject({ status: 404, body: { error: "RecordNotFound" } });

    fake.answer(genuine);
    expect(await send()).toMatchObject({ status: 200, body: { uri, status: "indexed" } });
  });
});
