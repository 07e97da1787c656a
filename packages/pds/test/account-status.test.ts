import { AtpAgent } from "@atproto/api";
import { verifyRepoCar } from "@atproto/repo";
import { createTestAccount, localIdResolver, type TestAccount } from "@atrarium/testkit";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { imagePost, pngBytes } from "./blob-fixtures.ts";
import { type Frame, subscribeFrames, wsUrlOf } from "./firehose-frames.ts";

const { pdsUrl, plcUrl } = inject("devnet");

// Runs `action` while subscribed live; resolves with this DID's frames once `done` says so.
async function framesDuring(did: string, action: () => Promise<unknown>, done: (f: Frame[]) => boolean) {
  const mine = (frames: Frame[]) => frames.filter((f) => f.body.did === did || f.body.repo === did);
  const sub = subscribeFrames(wsUrlOf(pdsUrl), (all) => done(mine(all)));
  await sub.opened;
  await action();
  return mine(await sub.frames);
}

const xrpcError = (status: number, error: string) => ({ status, error });

describe("account status: deactivateAccount, activateAccount, checkAccountStatus", () => {
  let acct: TestAccount;
  let rkey: string;
  let blobCid: string;
  beforeAll(async () => {
    acct = await createTestAccount(pdsUrl);
    const blob = (await acct.agent.com.atproto.repo.uploadBlob(pngBytes(), { encoding: "image/png" })).data
      .blob;
    blobCid = blob.ref.toString();
    const created = await acct.agent.com.atproto.repo.createRecord({
      repo: acct.did,
      collection: "app.bsky.feed.post",
      record: imagePost("hello", blob),
    });
    rkey = created.data.uri.split("/").pop() as string;
  });

  it("checkAccountStatus describes an active account", async () => {
    const res = await acct.agent.com.atproto.server.checkAccountStatus();
    const head = await acct.agent.com.atproto.sync.getLatestCommit({ did: acct.did });
    expect(res.data).toMatchObject({
      activated: true,
      validDid: true,
      repoCommit: head.data.cid,
      repoRev: head.data.rev,
      indexedRecords: 1,
      expectedBlobs: 1,
      importedBlobs: 1,
      privateStateValues: 0,
    });
    expect(res.data.repoBlocks).toBeGreaterThanOrEqual(3);
  });

  it("a deactivated repo is not served, cannot be written, and is announced with #account", async () => {
    const frames = await framesDuring(
      acct.did,
      () => acct.agent.com.atproto.server.deactivateAccount({}),
      (f) => f.some((x) => x.t === "#account"),
    );
    expect(frames.find((x) => x.t === "#account")?.body).toMatchObject({
      active: false,
      status: "deactivated",
    });
    const anon = new AtpAgent({ service: pdsUrl });
    const sync = anon.com.atproto.sync;
    const deactivated = xrpcError(400, "RepoDeactivated");
    await expect(sync.getRepo({ did: acct.did })).rejects.toMatchObject(deactivated);
    await expect(sync.getLatestCommit({ did: acct.did })).rejects.toMatchObject(deactivated);
    await expect(
      sync.getRecord({ did: acct.did, collection: "app.bsky.feed.post", rkey }),
    ).rejects.toMatchObject(deactivated);
    await expect(sync.getBlob({ did: acct.did, cid: blobCid })).rejects.toMatchObject(deactivated);
    await expect(sync.listBlobs({ did: acct.did })).rejects.toMatchObject(deactivated);
    await expect(sync.getBlocks({ did: acct.did, cids: [blobCid] })).rejects.toMatchObject(deactivated);
    await expect(anon.com.atproto.repo.describeRepo({ repo: acct.did })).rejects.toMatchObject(deactivated);
    await expect(
      anon.com.atproto.repo.getRecord({ repo: acct.did, collection: "app.bsky.feed.post", rkey }),
    ).rejects.toMatchObject(xrpcError(400, "RecordNotFound"));
    await expect(
      anon.com.atproto.repo.listRecords({ repo: acct.did, collection: "app.bsky.feed.post" }),
    ).rejects.toMatchObject(xrpcError(400, "InvalidRequest"));
    await expect(anon.com.atproto.identity.resolveHandle({ handle: acct.handle })).rejects.toMatchObject(
      xrpcError(400, "HandleNotFound"),
    );
    const status = await sync.getRepoStatus({ did: acct.did });
    expect(status.data).toMatchObject({ active: false, status: "deactivated" });
    await expect(
      acct.agent.com.atproto.repo.createRecord({
        repo: acct.did,
        collection: "app.bsky.feed.post",
        record: { text: "no", createdAt: new Date().toISOString() },
      }),
    ).rejects.toMatchObject({ status: 400 });
    // The owner can still sign in and see where things stand.
    const session = await new AtpAgent({ service: pdsUrl }).login({
      identifier: acct.handle,
      password: acct.password,
    });
    expect(session.data).toMatchObject({ active: false, status: "deactivated" });
    const check = await acct.agent.com.atproto.server.checkAccountStatus();
    expect(check.data.activated).toBe(false);
  });

  it("activateAccount serves the repo again and announces #account, #identity and #sync", async () => {
    const frames = await framesDuring(
      acct.did,
      () => acct.agent.com.atproto.server.activateAccount(),
      (f) => f.some((x) => x.t === "#sync"),
    );
    expect(frames.map((f) => f.t)).toEqual(["#account", "#identity", "#sync"]);
    expect(frames[0].body).toMatchObject({ did: acct.did, active: true });
    expect(frames[1].body).toMatchObject({ did: acct.did, handle: acct.handle });
    const head = await acct.agent.com.atproto.sync.getLatestCommit({ did: acct.did });
    expect(frames[2].body.rev).toBe(head.data.rev);
    const key = (await localIdResolver(plcUrl, pdsUrl).did.resolveAtprotoData(acct.did)).signingKey;
    const repo = await acct.agent.com.atproto.sync.getRepo({ did: acct.did });
    expect((await verifyRepoCar(repo.data, acct.did, key)).creates).toHaveLength(1);
    const status = await acct.agent.com.atproto.sync.getRepoStatus({ did: acct.did });
    expect(status.data.active).toBe(true);
  });

  it("deactivation needs a session", async () => {
    const res = await fetch(`${pdsUrl}/xrpc/com.atproto.server.deactivateAccount`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(401);
  });
});

describe("com.atproto.identity.updateHandle", () => {
  it("updates the DID document, the account and resolveHandle, and announces #identity", async () => {
    const acct = await createTestAccount(pdsUrl);
    const handle = `n${acct.handle}`;
    const frames = await framesDuring(
      acct.did,
      () => acct.agent.com.atproto.identity.updateHandle({ handle: handle.toUpperCase() }),
      (f) => f.some((x) => x.t === "#identity"),
    );
    expect(frames.find((x) => x.t === "#identity")?.body).toMatchObject({ did: acct.did, handle });
    const resolver = localIdResolver(plcUrl, pdsUrl);
    const data = await resolver.did.resolveAtprotoData(acct.did);
    expect(data.handle).toBe(handle);
    const resolved = await acct.agent.com.atproto.identity.resolveHandle({ handle });
    expect(resolved.data.did).toBe(acct.did);
    await expect(
      acct.agent.com.atproto.identity.resolveHandle({ handle: acct.handle }),
    ).rejects.toMatchObject({
      error: "HandleNotFound",
    });
    const session = await acct.agent.com.atproto.server.getSession();
    expect(session.data.handle).toBe(handle);
    const described = await acct.agent.com.atproto.repo.describeRepo({ repo: acct.did });
    expect(described.data).toMatchObject({ handle, handleIsCorrect: true });
  });

  it("refuses taken, foreign-domain and malformed handles", async () => {
    const a = await createTestAccount(pdsUrl);
    const b = await createTestAccount(pdsUrl);
    const update = (handle: string) => a.agent.com.atproto.identity.updateHandle({ handle });
    await expect(update(b.handle)).rejects.toMatchObject(xrpcError(400, "HandleNotAvailable"));
    // A domain outside ours must name the DID first (custom-domain handles, identity-custom-domain.test.ts).
    await expect(update("someone.example.com")).rejects.toMatchObject({
      ...xrpcError(400, "InvalidRequest"),
      message: expect.stringContaining("External handle did not resolve to DID"),
    });
    await expect(update("ab.test")).rejects.toMatchObject(xrpcError(400, "InvalidHandle"));
    await expect(update("bad_chars!.test")).rejects.toMatchObject({ status: 400 });
    // Its own handle again is fine (and re-announces it).
    await update(a.handle);
    const data = await localIdResolver(plcUrl, pdsUrl).did.resolveAtprotoData(a.did);
    expect(data.handle).toBe(a.handle);
  });
});
