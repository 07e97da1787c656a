// The rest of the official method list, through @atproto/api: reserveSigningKey (and createAccount of
// a migrating account signing with the reserved key), temp.checkSignupQueue, the deprecated
// sync.getHead and sync.getCheckout, and the refresh token's 2-hour reuse grace period.
import { randomBytes } from "node:crypto";
import { AtpAgent } from "@atproto/api";
import { Secp256k1Keypair } from "@atproto/crypto";
import { readCarWithRoot } from "@atproto/repo";
import { didForGenesisOp, PlcClient, signOp } from "@atrarium/plc/client";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createServiceJwt } from "../src/auth/service-jwt.ts";
import { failure } from "./support/call-failure.ts";
import { OffsetClock } from "./support/offset-clock.ts";
import { type PrivatePds, startPrivatePds } from "./support/private-pds.ts";

const { pdsUrl, plcUrl } = inject("devnet");

const jtiOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString()).jti as string;

describe("remaining methods (shared devnet)", () => {
  let acct: TestAccount;
  const anon = new AtpAgent({ service: pdsUrl });

  beforeAll(async () => {
    acct = await createTestAccount(pdsUrl);
    await acct.agent.com.atproto.repo.createRecord({
      repo: acct.did,
      collection: "app.bsky.feed.post",
      record: { $type: "app.bsky.feed.post", text: "hello", createdAt: new Date().toISOString() },
    });
  });

  it("reserveSigningKey: a did:key, the same one again for the same DID", async () => {
    const fresh = (await anon.com.atproto.server.reserveSigningKey({})).data.signingKey;
    const other = (await anon.com.atproto.server.reserveSigningKey({})).data.signingKey;
    expect(fresh).toMatch(/^did:key:z/);
    expect(other).not.toBe(fresh);
    const did = "did:plc:reservedkeytestaaaaaaaaa";
    const forDid = (await anon.com.atproto.server.reserveSigningKey({ did })).data.signingKey;
    expect((await anon.com.atproto.server.reserveSigningKey({ did })).data.signingKey).toBe(forDid);
    expect((await failure(anon.com.atproto.server.reserveSigningKey({ did: "not a did" }))).status).toBe(400);
  });

  it("createAccount of an account migrating in signs its repo with the key reserved for its DID", async () => {
    // An identity made outside any PDS: its key signs the service JWT createAccount asks for.
    const key = await Secp256k1Keypair.create();
    const rotation = await Secp256k1Keypair.create();
    const op = await signOp(
      {
        type: "plc_operation",
        verificationMethods: { atproto: key.did() },
        rotationKeys: [rotation.did()],
        alsoKnownAs: [],
        services: {},
        prev: null,
      },
      rotation,
    );
    const did = didForGenesisOp(op);
    await new PlcClient(plcUrl).sendOperation(did, op);
    const reserved = (await anon.com.atproto.server.reserveSigningKey({ did })).data.signingKey;

    const serviceDid = (await anon.com.atproto.server.describeServer()).data.did;
    const lxm = "com.atproto.server.createAccount";
    const token = await createServiceJwt({ iss: did, aud: serviceDid, lxm, keypair: key, exp: undefined });
    const slug = `m${randomBytes(4).toString("hex")}`;
    const agent = new AtpAgent({ service: pdsUrl });
    const created = await agent.com.atproto.server.createAccount(
      { did, handle: `${slug}.test`, email: `${slug}@example.test`, password: "migrating-pw" },
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(created.data.did).toBe(did);
    await agent.login({ identifier: `${slug}.test`, password: "migrating-pw" });
    const creds = await agent.com.atproto.identity.getRecommendedDidCredentials();
    expect(creds.data.verificationMethods).toEqual({ atproto: reserved });
    // Used: a new reservation for the DID is a new key.
    expect((await anon.com.atproto.server.reserveSigningKey({ did })).data.signingKey).not.toBe(reserved);
  });

  it("checkSignupQueue: every signed-in account is activated", async () => {
    expect((await acct.agent.com.atproto.temp.checkSignupQueue()).data).toEqual({ activated: true });
    expect((await failure(anon.com.atproto.temp.checkSignupQueue())).status).toBe(401);
  });

  it("getHead answers the root commit, or RepoNotFound", async () => {
    const latest = (await anon.com.atproto.sync.getLatestCommit({ did: acct.did })).data;
    expect((await anon.com.atproto.sync.getHead({ did: acct.did })).data).toEqual({ root: latest.cid });
    expect(
      await failure(anon.com.atproto.sync.getHead({ did: "did:plc:nosuchrepoaaaaaaaaaaaaaa" })),
    ).toMatchObject({
      status: 400,
      error: "RepoNotFound",
    });
  });

  it("getCheckout answers the whole repo as a CAR rooted at the head", async () => {
    const latest = (await anon.com.atproto.sync.getLatestCommit({ did: acct.did })).data;
    const res = await anon.com.atproto.sync.getCheckout({ did: acct.did });
    const { root, blocks } = await readCarWithRoot(res.data);
    expect(root.toString()).toBe(latest.cid);
    const repo = await anon.com.atproto.sync.getRepo({ did: acct.did });
    expect(Buffer.from(res.data).equals(Buffer.from(repo.data))).toBe(true);
    expect(blocks.size).toBeGreaterThan(1);
    expect(
      await failure(anon.com.atproto.sync.getCheckout({ did: "did:plc:nosuchrepoaaaaaaaaaaaaaa" })),
    ).toMatchObject({ status: 400, error: "RepoNotFound" });
  });
});

describe("refresh token reuse grace period (private PDS, moved clock)", () => {
  let stack: PrivatePds;
  const clock = new OffsetClock();
  const refresh = (pds: string, token: string) =>
    fetch(`${pds}/xrpc/com.atproto.server.refreshSession`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });

  beforeAll(async () => {
    stack = await startPrivatePds({}, { clock });
  });
  afterAll(() => stack.close());

  it("a reuse within 2 hours answers the same next token; after them, ExpiredToken", async () => {
    const acct = await createTestAccount(stack.pdsUrl);
    const first = acct.agent.session?.refreshJwt as string;
    // Two tabs refresh with the same token: both stay signed in, with the same successor.
    const tabA = (await (await refresh(stack.pdsUrl, first)).json()) as {
      refreshJwt: string;
      accessJwt: string;
    };
    clock.advance(60 * 60 * 1000);
    const tabBRes = await refresh(stack.pdsUrl, first);
    expect(tabBRes.status).toBe(200);
    const tabB = (await tabBRes.json()) as { refreshJwt: string; accessJwt: string };
    expect(jtiOf(tabB.refreshJwt)).toBe(jtiOf(tabA.refreshJwt));
    const me = new AtpAgent({ service: stack.pdsUrl });
    await me.resumeSession({
      ...(acct.agent.session as NonNullable<AtpAgent["session"]>),
      accessJwt: tabB.accessJwt,
      refreshJwt: tabB.refreshJwt,
    });
    expect((await me.com.atproto.server.getSession()).data.did).toBe(acct.did);

    clock.advance(60 * 60 * 1000 + 60_000);
    const late = await refresh(stack.pdsUrl, first);
    expect(late.status).toBe(400);
    expect(await late.json()).toMatchObject({ error: "ExpiredToken" });
    // The successor itself was never used: it refreshes.
    expect((await refresh(stack.pdsUrl, tabA.refreshJwt)).status).toBe(200);
    clock.reset();
  });

  it("a reuse after the login was ended fails, grace period or not", async () => {
    const acct = await createTestAccount(stack.pdsUrl);
    const appPassword = (await acct.agent.com.atproto.server.createAppPassword({ name: "tab" })).data
      .password;
    const app = new AtpAgent({ service: stack.pdsUrl });
    await app.login({ identifier: acct.handle, password: appPassword });
    const first = app.session?.refreshJwt as string;
    expect((await refresh(stack.pdsUrl, first)).status).toBe(200);
    await acct.agent.com.atproto.server.revokeAppPassword({ name: "tab" });
    const reused = await refresh(stack.pdsUrl, first);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: "ExpiredToken" });
  });
});
