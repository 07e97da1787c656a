// Account deletion (com.atproto.server.requestAccountDelete + deleteAccount) through @atproto/api, on a
// PDS of its own (the test reads the mailed token from its dev mailer), including a deletion a crash
// interrupted after the account row was gone and a restart finished.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { AtpAgent } from "@atproto/api";
import { createPlcServer, type PlcServer } from "@atrarium/plc";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteAccount } from "../src/account/delete-account.ts";
import type { SqliteActor } from "../src/actor-store/actor.ts";
import type { DevMailer } from "../src/mailer/mailer.ts";
import { createPds, type Pds } from "../src/server.ts";
import { imagePost, pngBytes } from "./blob-fixtures.ts";
import { type Frame, replayToEnd } from "./firehose-frames.ts";

const TOKEN = /confirmation code is: ([A-Z2-7]{5}-[A-Z2-7]{5})/;

describe("account deletion", () => {
  let dir: string;
  let plc: PlcServer;
  let pds: Pds;
  const start = () =>
    createPds(
      { port: 0, dataDir: path.join(dir, "pds"), plcUrl: plc.url, logLevel: "warn", inviteRequired: false },
      {},
    );

  const mailedToken = (acct: TestAccount): string => {
    const text = (pds.ctx.mailer as DevMailer).lastTo(acct.email)?.text ?? "";
    const token = TOKEN.exec(text)?.[1];
    if (!token) throw new Error(`no deletion token mailed to ${acct.email}`);
    return token;
  };
  const xrpcError = (p: Promise<unknown>) =>
    p.then(
      () => ({ status: 200, error: "none" }),
      (err: { status?: number; error?: string }) => ({ status: err.status, error: err.error }),
    );
  const eventsOf = (frames: Frame[], did: string) =>
    frames.filter((f) => f.body.did === did || f.body.repo === did);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "aurora-delete-"));
    plc = await createPlcServer({ dbPath: path.join(dir, "plc.sqlite"), port: 0 });
    pds = await start();
  });

  afterAll(async () => {
    await pds?.close();
    await plc?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("removes the account, repo, blobs, sessions and firehose history; frees the handle", async () => {
    const alice = await createTestAccount(pds.url);
    const bob = await createTestAccount(pds.url);
    const blob = (await alice.agent.com.atproto.repo.uploadBlob(pngBytes(500), { encoding: "image/png" }))
      .data.blob;
    await alice.agent.com.atproto.repo.createRecord({
      repo: alice.did,
      collection: "app.bsky.feed.post",
      record: imagePost("soon gone", blob),
    });
    await bob.agent.com.atproto.repo.createRecord({
      repo: bob.did,
      collection: "app.bsky.feed.post",
      record: { $type: "app.bsky.feed.post", text: "stays", createdAt: new Date().toISOString() },
    });
    const before = await replayToEnd(pds.url, 0);
    expect(eventsOf(before, alice.did).length).toBeGreaterThan(2);

    const server = alice.agent.com.atproto.server;
    await server.requestAccountDelete();
    const token = mailedToken(alice);
    const anon = new AtpAgent({ service: pds.url }).com.atproto.server;
    expect(await xrpcError(anon.deleteAccount({ did: alice.did, password: "wrong", token }))).toEqual({
      status: 401,
      error: "AuthenticationRequired",
    });
    expect(
      await xrpcError(anon.deleteAccount({ did: alice.did, password: alice.password, token: "AAAAA-AAAAA" })),
    ).toEqual({ status: 400, error: "InvalidToken" });
    // An invalid attempt used the token up, as the official PDS does: ask again.
    await server.requestAccountDelete();
    await anon.deleteAccount({ did: alice.did, password: alice.password, token: mailedToken(alice) });

    const sync = new AtpAgent({ service: pds.url }).com.atproto.sync;
    expect(await xrpcError(sync.getRepo({ did: alice.did }))).toEqual({ status: 400, error: "RepoNotFound" });
    expect(await xrpcError(sync.getBlob({ did: alice.did, cid: blob.ref.toString() }))).toMatchObject({
      status: 400,
    });
    expect(
      await xrpcError(anon.createSession({ identifier: alice.handle, password: alice.password })),
    ).toEqual({ status: 401, error: "AuthenticationRequired" });
    expect((await xrpcError(alice.agent.com.atproto.server.refreshSession())).status).not.toBe(200);
    expect(
      await xrpcError(anon.deleteAccount({ did: alice.did, password: alice.password, token: "AAAAA-AAAAA" })),
    ).toEqual({ status: 400, error: "InvalidRequest" });
    expect(await pds.ctx.actors.exists(alice.did)).toBe(false);
    // The old access token is refused everywhere (its account and sessions are gone).
    const stale = alice.agent.com.atproto;
    const answers = await Promise.all([
      xrpcError(stale.server.getSession()),
      xrpcError(stale.server.checkAccountStatus()),
      xrpcError(stale.server.requestAccountDelete()),
      xrpcError(stale.server.deactivateAccount({})),
      xrpcError(
        stale.repo.createRecord({
          repo: alice.did,
          collection: "app.bsky.feed.post",
          record: { $type: "app.bsky.feed.post", text: "ghost", createdAt: new Date().toISOString() },
        }),
      ),
    ]);
    for (const answer of answers) expect(answer).toEqual({ status: 401, error: "AuthenticationRequired" });

    // The handle is free again.
    const again = await new AtpAgent({ service: pds.url }).createAccount({
      handle: alice.handle,
      password: "another-password",
      email: `again-${alice.email}`,
    });
    expect(again.data.did).not.toBe(alice.did);

    // A replay from the start: only the #account deleted event is left of alice, seqs still increase.
    const after = await replayToEnd(pds.url, 0);
    expect(eventsOf(after, alice.did).map((f) => [f.t, f.body.active, f.body.status])).toEqual([
      ["#account", false, "deleted"],
    ]);
    expect(eventsOf(after, bob.did).length).toBe(eventsOf(before, bob.did).length);
    const seqs = after.flatMap((f) => (typeof f.body.seq === "number" ? [f.body.seq] : []));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    const deletedSeq = eventsOf(after, alice.did)[0]?.body.seq as number;
    expect(deletedSeq).toBeGreaterThan(Math.max(...before.map((f) => f.body.seq as number)));
  });

  it("writes queued behind the deletion on the repo's lock fail cleanly; none lands after it", async () => {
    const erin = await createTestAccount(pds.url);
    const actor = pds.ctx.actors.get(erin.did) as SqliteActor;
    // Holds the repo's lock, so the deletion and then the writes queue behind it in that order.
    let release = () => {};
    const held = actor.exclusive(() => new Promise<void>((r) => (release = r)));
    const deletion = deleteAccount(pds.ctx, erin.did);
    const writes = Array.from({ length: 3 }, (_, i) =>
      xrpcError(
        erin.agent.com.atproto.repo.createRecord({
          repo: erin.did,
          collection: "app.bsky.feed.post",
          record: { $type: "app.bsky.feed.post", text: `late ${i}`, createdAt: new Date().toISOString() },
        }),
      ),
    );
    const deadline = Date.now() + 5_000;
    while (actor.lock.queued < 5 && Date.now() < deadline) await new Promise((r) => setImmediate(r));
    expect(actor.lock.queued).toBe(5);
    release();
    await held;
    await deletion;
    expect(await Promise.all(writes)).toEqual(
      Array.from({ length: 3 }, () => ({ status: 400, error: "InvalidRequest" })),
    );
    expect(await pds.ctx.actors.exists(erin.did)).toBe(false);
    const frames = await replayToEnd(pds.url, 0);
    expect(eventsOf(frames, erin.did).map((f) => [f.t, f.body.status])).toEqual([["#account", "deleted"]]);
  });

  it("requestAccountDelete needs a session", async () => {
    const anon = new AtpAgent({ service: pds.url }).com.atproto.server;
    expect(await xrpcError(anon.requestAccountDelete())).toMatchObject({ status: 401 });
  });

  it("a restart finishes deletions a crash interrupted, each announced once", async () => {
    const carol = await createTestAccount(pds.url);
    const dave = await createTestAccount(pds.url);
    for (const acct of [carol, dave])
      await acct.agent.com.atproto.repo.createRecord({
        repo: acct.did,
        collection: "app.bsky.feed.post",
        record: { $type: "app.bsky.feed.post", text: "half deleted", createdAt: new Date().toISOString() },
      });
    // As if the process died: carol after the firehose step, dave right after the account row went.
    const carolDeletion = await pds.ctx.accounts.beginDeletion(carol.did);
    await pds.ctx.sequencer.retireAccount(carol.did, carolDeletion.deletedAt);
    await pds.ctx.accounts.beginDeletion(dave.did);
    const anon = new AtpAgent({ service: pds.url }).com.atproto.server;
    expect(await xrpcError(anon.createSession({ identifier: dave.handle, password: dave.password }))).toEqual(
      {
        status: 401,
        error: "AuthenticationRequired",
      },
    );
    expect(await pds.ctx.actors.exists(dave.did)).toBe(true);

    await pds.close();
    pds = await start();
    expect(await pds.ctx.accounts.pendingDeletions()).toEqual([]);
    const frames = await replayToEnd(pds.url, 0);
    for (const acct of [carol, dave]) {
      expect(await pds.ctx.actors.exists(acct.did)).toBe(false);
      expect(eventsOf(frames, acct.did).map((f) => [f.t, f.body.status])).toEqual([["#account", "deleted"]]);
    }
  });
});
