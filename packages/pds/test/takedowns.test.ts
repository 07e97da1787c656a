// Takedowns through com.atproto.admin.updateSubjectStatus / getSubjectStatus on a PDS of its own (with
// an admin password): an account, a record or a blob taken down leaves every read path, and comes back
// on restore; the account's takedown and restore go out on the firehose as #account events.
import { AtpAgent, type BlobRef } from "@atproto/api";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { imagePost, pngBytes } from "./blob-fixtures.ts";
import { type Frame, subscribeFrames, wsUrlOf } from "./firehose-frames.ts";
import { type PrivatePds, startPrivatePds } from "./support/private-pds.ts";

const ADMIN_PASSWORD = "takedown-test-admin";
const basic = (password: string) => `Basic ${Buffer.from(`admin:${password}`).toString("base64")}`;
const asAdmin = { headers: { authorization: basic(ADMIN_PASSWORD) } };
const REPO_REF = "com.atproto.admin.defs#repoRef";
const STRONG_REF = "com.atproto.repo.strongRef";
const BLOB_REF = "com.atproto.admin.defs#repoBlobRef";
const POST = "app.bsky.feed.post";
const xrpcError = (status: number, error: string) => ({ status, error });

let pds: PrivatePds;
let anon: AtpAgent;

beforeAll(async () => {
  pds = await startPrivatePds({ adminPassword: ADMIN_PASSWORD });
  anon = new AtpAgent({ service: pds.pdsUrl });
});
afterAll(() => pds?.close());

const admin = () => anon.com.atproto.admin;
const rkeyOf = (uri: string) => uri.split("/").pop() as string;

async function imagePostOf(acct: TestAccount, text: string) {
  const blob = (await acct.agent.com.atproto.repo.uploadBlob(pngBytes(), { encoding: "image/png" })).data
    .blob;
  const { uri, cid } = (
    await acct.agent.com.atproto.repo.createRecord({
      repo: acct.did,
      collection: POST,
      record: imagePost(text, blob),
    })
  ).data;
  return { uri, cid, rkey: rkeyOf(uri), blob };
}

// Runs `action` while subscribed live; resolves with this DID's #account frames once `count` arrived.
async function accountEventsDuring(did: string, count: number, action: () => Promise<unknown>) {
  const mine = (frames: Frame[]) => frames.filter((f) => f.t === "#account" && f.body.did === did);
  const sub = subscribeFrames(wsUrlOf(pds.pdsUrl), (all) => mine(all).length >= count);
  await sub.opened;
  await action();
  return mine(await sub.frames).map((f) => f.body);
}

describe("admin subject status: who may call", () => {
  it("refuses callers without the admin credential", async () => {
    const user = await createTestAccount(pds.pdsUrl);
    const subject = { $type: REPO_REF, did: user.did };
    const refusals = [
      {},
      { headers: { authorization: basic("wrong") } },
      { headers: { authorization: `Bearer ${user.agent.session?.accessJwt}` } },
    ];
    for (const opts of refusals) {
      await expect(admin().getSubjectStatus({ did: user.did }, opts)).rejects.toMatchObject({ status: 401 });
      await expect(
        admin().updateSubjectStatus({ subject, takedown: { applied: true } }, opts),
      ).rejects.toMatchObject({ status: 401 });
    }
    const status = await admin().getSubjectStatus({ did: user.did }, asAdmin);
    expect(status.data.takedown).toEqual({ applied: false });
  });

  it("answers NotFound for unknown subjects and InvalidRequest for contradictions", async () => {
    const did = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa";
    await expect(admin().getSubjectStatus({ did }, asAdmin)).rejects.toMatchObject(
      xrpcError(400, "NotFound"),
    );
    await expect(admin().getSubjectStatus({}, asAdmin)).rejects.toMatchObject(
      xrpcError(400, "InvalidRequest"),
    );
    await expect(
      admin().updateSubjectStatus(
        { subject: { $type: REPO_REF, did }, takedown: { applied: true } },
        asAdmin,
      ),
    ).rejects.toMatchObject(xrpcError(400, "NotFound"));
    const user = await createTestAccount(pds.pdsUrl);
    await expect(
      admin().updateSubjectStatus(
        {
          subject: { $type: REPO_REF, did: user.did },
          takedown: { applied: true },
          deactivated: { applied: false },
        },
        asAdmin,
      ),
    ).rejects.toMatchObject(xrpcError(400, "InvalidRequest"));
  });
});

describe("record takedown", () => {
  it("hides the record from getRecord, listRecords and sync.getRecord until restored", async () => {
    const user = await createTestAccount(pds.pdsUrl);
    const kept = await imagePostOf(user, "kept");
    const post = await imagePostOf(user, "taken down");
    const subject = { $type: STRONG_REF, uri: post.uri, cid: post.cid };
    const applied = await admin().updateSubjectStatus(
      { subject, takedown: { applied: true, ref: "mod-1" } },
      asAdmin,
    );
    expect(applied.data).toMatchObject({ subject, takedown: { applied: true, ref: "mod-1" } });
    const status = await admin().getSubjectStatus({ uri: post.uri }, asAdmin);
    expect(status.data).toEqual({ subject, takedown: { applied: true, ref: "mod-1" } });

    const repo = anon.com.atproto.repo;
    const where = { repo: user.did, collection: POST, rkey: post.rkey };
    await expect(repo.getRecord(where)).rejects.toMatchObject(xrpcError(400, "RecordNotFound"));
    const listed = await repo.listRecords({ repo: user.did, collection: POST });
    expect(listed.data.records.map((r) => r.uri)).toEqual([kept.uri]);
    await expect(
      anon.com.atproto.sync.getRecord({ did: user.did, collection: POST, rkey: post.rkey }),
    ).rejects.toMatchObject(xrpcError(400, "RecordNotFound"));
    // The other record of the repo is untouched.
    await repo.getRecord({ repo: user.did, collection: POST, rkey: kept.rkey });

    await admin().updateSubjectStatus({ subject, takedown: { applied: false } }, asAdmin);
    expect((await admin().getSubjectStatus({ uri: post.uri }, asAdmin)).data.takedown).toEqual({
      applied: false,
    });
    expect((await repo.getRecord(where)).data.cid).toBe(post.cid);
    const relisted = await repo.listRecords({ repo: user.did, collection: POST });
    expect(relisted.data.records.map((r) => r.uri).sort()).toEqual([kept.uri, post.uri].sort());
    const car = await anon.com.atproto.sync.getRecord({ did: user.did, collection: POST, rkey: post.rkey });
    expect(car.data.byteLength).toBeGreaterThan(0);
  });

  it("leaves the owner able to delete a taken-down record", async () => {
    const user = await createTestAccount(pds.pdsUrl);
    const post = await imagePostOf(user, "to delete");
    const subject = { $type: STRONG_REF, uri: post.uri, cid: post.cid };
    await admin().updateSubjectStatus({ subject, takedown: { applied: true } }, asAdmin);
    await user.agent.com.atproto.repo.deleteRecord({ repo: user.did, collection: POST, rkey: post.rkey });
    await expect(admin().getSubjectStatus({ uri: post.uri }, asAdmin)).rejects.toMatchObject(
      xrpcError(400, "NotFound"),
    );
  });
});

describe("blob takedown", () => {
  it("answers BlobNotFound for the blob, refuses it in new records and re-uploads, until restored", async () => {
    const user = await createTestAccount(pds.pdsUrl);
    const post = await imagePostOf(user, "with an image");
    const cid = post.blob.ref.toString();
    const subject = { $type: BLOB_REF, did: user.did, cid };
    await admin().updateSubjectStatus({ subject, takedown: { applied: true, ref: "mod-2" } }, asAdmin);
    expect((await admin().getSubjectStatus({ did: user.did, blob: cid }, asAdmin)).data).toEqual({
      subject,
      takedown: { applied: true, ref: "mod-2" },
    });

    const sync = anon.com.atproto.sync;
    await expect(sync.getBlob({ did: user.did, cid })).rejects.toMatchObject(xrpcError(400, "BlobNotFound"));
    await expect(
      user.agent.com.atproto.repo.createRecord({
        repo: user.did,
        collection: POST,
        record: imagePost("again", post.blob as BlobRef),
      }),
    ).rejects.toMatchObject(xrpcError(400, "BlobNotFound"));
    // The record itself is still served: only the blob is taken down.
    await anon.com.atproto.repo.getRecord({ repo: user.did, collection: POST, rkey: post.rkey });

    await admin().updateSubjectStatus({ subject, takedown: { applied: false } }, asAdmin);
    const res = await sync.getBlob({ did: user.did, cid });
    expect(res.data.byteLength).toBe(post.blob.size);
  });

  it("refuses the same bytes uploaded again while taken down", async () => {
    const user = await createTestAccount(pds.pdsUrl);
    const bytes = pngBytes();
    const blob = (await user.agent.com.atproto.repo.uploadBlob(bytes, { encoding: "image/png" })).data.blob;
    await user.agent.com.atproto.repo.createRecord({
      repo: user.did,
      collection: POST,
      record: imagePost("x", blob),
    });
    const subject = { $type: BLOB_REF, did: user.did, cid: blob.ref.toString() };
    await admin().updateSubjectStatus({ subject, takedown: { applied: true } }, asAdmin);
    await expect(
      user.agent.com.atproto.repo.uploadBlob(bytes, { encoding: "image/png" }),
    ).rejects.toMatchObject(xrpcError(400, "InvalidRequest"));
  });
});

describe("account takedown", () => {
  it("closes every read path and session, announces #account, and restores all", async () => {
    const user = await createTestAccount(pds.pdsUrl);
    const post = await imagePostOf(user, "before the takedown");
    const blobCid = post.blob.ref.toString();
    const { refreshJwt } = user.agent.session ?? { refreshJwt: "" };
    const subject = { $type: REPO_REF, did: user.did };

    const takenDown = await accountEventsDuring(user.did, 1, () =>
      admin().updateSubjectStatus({ subject, takedown: { applied: true, ref: "mod-3" } }, asAdmin),
    );
    expect(takenDown).toEqual([
      expect.objectContaining({ did: user.did, active: false, status: "takendown" }),
    ]);
    expect((await admin().getSubjectStatus({ did: user.did }, asAdmin)).data).toEqual({
      subject,
      takedown: { applied: true, ref: "mod-3" },
      deactivated: { applied: false },
    });

    // Sessions: no new one, and the existing access and refresh tokens are refused.
    const fresh = new AtpAgent({ service: pds.pdsUrl });
    await expect(fresh.login({ identifier: user.handle, password: user.password })).rejects.toMatchObject(
      xrpcError(401, "AccountTakedown"),
    );
    await expect(user.agent.com.atproto.server.getSession()).rejects.toMatchObject({ status: 401 });
    const refresh = await fetch(`${pds.pdsUrl}/xrpc/com.atproto.server.refreshSession`, {
      method: "POST",
      headers: { authorization: `Bearer ${refreshJwt}` },
    });
    expect({ status: refresh.status, ...((await refresh.json()) as object) }).toMatchObject(
      xrpcError(400, "ExpiredToken"),
    );

    const sync = anon.com.atproto.sync;
    const repoTakendown = xrpcError(400, "RepoTakendown");
    await expect(sync.getRepo({ did: user.did })).rejects.toMatchObject(repoTakendown);
    await expect(sync.getLatestCommit({ did: user.did })).rejects.toMatchObject(repoTakendown);
    await expect(sync.getRecord({ did: user.did, collection: POST, rkey: post.rkey })).rejects.toMatchObject(
      repoTakendown,
    );
    await expect(sync.getBlocks({ did: user.did, cids: [post.cid] })).rejects.toMatchObject(repoTakendown);
    await expect(sync.listBlobs({ did: user.did })).rejects.toMatchObject(repoTakendown);
    await expect(sync.getBlob({ did: user.did, cid: blobCid })).rejects.toMatchObject(repoTakendown);
    expect((await sync.getRepoStatus({ did: user.did })).data).toEqual({
      did: user.did,
      active: false,
      status: "takendown",
    });
    const listed = (await sync.listRepos({ limit: 1000 })).data.repos.find((r) => r.did === user.did);
    expect(listed).toMatchObject({ active: false, status: "takendown" });
    const repo = anon.com.atproto.repo;
    await expect(repo.describeRepo({ repo: user.did })).rejects.toMatchObject(repoTakendown);
    await expect(repo.getRecord({ repo: user.did, collection: POST, rkey: post.rkey })).rejects.toMatchObject(
      xrpcError(400, "RecordNotFound"),
    );
    await expect(repo.listRecords({ repo: user.did, collection: POST })).rejects.toMatchObject({
      ...xrpcError(400, "InvalidRequest"),
      message: `Could not find repo: ${user.did}`,
    });

    const restored = await accountEventsDuring(user.did, 1, () =>
      admin().updateSubjectStatus({ subject, takedown: { applied: false } }, asAdmin),
    );
    expect(restored).toEqual([expect.objectContaining({ did: user.did, active: true })]);
    expect((await sync.getRepoStatus({ did: user.did })).data).toMatchObject({ did: user.did, active: true });
    await sync.getRepo({ did: user.did });
    await sync.getRecord({ did: user.did, collection: POST, rkey: post.rkey });
    expect((await sync.getBlob({ did: user.did, cid: blobCid })).data.byteLength).toBe(post.blob.size);
    expect((await repo.getRecord({ repo: user.did, collection: POST, rkey: post.rkey })).data.cid).toBe(
      post.cid,
    );
    expect((await repo.listRecords({ repo: user.did, collection: POST })).data.records).toHaveLength(1);
    // The ended sessions stay ended; signing in again works.
    await expect(user.agent.com.atproto.server.getSession()).rejects.toMatchObject({ status: 401 });
    await fresh.login({ identifier: user.handle, password: user.password });
    await fresh.com.atproto.repo.createRecord({
      repo: user.did,
      collection: POST,
      record: { $type: POST, text: "back", createdAt: new Date().toISOString() },
    });
  });

  it("deactivates and reactivates an account, announcing each", async () => {
    const user = await createTestAccount(pds.pdsUrl);
    const subject = { $type: REPO_REF, did: user.did };
    const events = await accountEventsDuring(user.did, 2, async () => {
      await admin().updateSubjectStatus({ subject, deactivated: { applied: true } }, asAdmin);
      const status = await admin().getSubjectStatus({ did: user.did }, asAdmin);
      expect(status.data.deactivated).toEqual({ applied: true });
      await expect(anon.com.atproto.sync.getLatestCommit({ did: user.did })).rejects.toMatchObject(
        xrpcError(400, "RepoDeactivated"),
      );
      await admin().updateSubjectStatus({ subject, deactivated: { applied: false } }, asAdmin);
    });
    expect(events).toEqual([
      expect.objectContaining({ active: false, status: "deactivated" }),
      expect.objectContaining({ active: true }),
    ]);
    await anon.com.atproto.sync.getLatestCommit({ did: user.did });
  });
});
