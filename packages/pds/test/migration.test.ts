// Account migration between two Aurora Locus instances on one PLC directory, by the standard flow
// (as goat / the official docs run it): createAccount with the DID and a service JWT from the old PDS,
// importRepo, listMissingBlobs + uploadBlob, getRecommendedDidCredentials, the mailed token,
// signPlcOperation (old), submitPlcOperation (new), activateAccount (new), deactivateAccount (old).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { AtpAgent } from "@atproto/api";
import { Secp256k1Keypair } from "@atproto/crypto";
import { cidForLex, encode } from "@atproto/lex-cbor";
import type { LexMap } from "@atproto/lex-data";
import {
  blocksToCarFile,
  def,
  MemoryBlockstore,
  readCarWithRoot,
  signCommit,
  verifyRepoCar,
} from "@atproto/repo";
import { createPlcServer, type PlcServer } from "@atrarium/plc";
import { createTestAccount, localIdResolver, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServiceJwt } from "../src/auth/service-jwt.ts";
import type { DevMailer } from "../src/mailer/mailer.ts";
import { createPds, type Pds } from "../src/server.ts";
import { imagePost, pngBytes } from "./blob-fixtures.ts";
import { type Frame, subscribeFrames, wsUrlOf } from "./firehose-frames.ts";

const CREATE = "com.atproto.server.createAccount";

describe("account migration between two PDS instances", () => {
  let dir: string;
  let plc: PlcServer;
  let oldPds: Pds;
  let newPds: Pds;
  let alice: TestAccount;
  let newAgent: AtpAgent;
  const blobs = new Map<string, { bytes: Uint8Array; mimeType: string }>();
  let recordsBefore: { uri: string; cid: string; value: unknown }[] = [];

  const serviceDid = (pds: Pds) => pds.ctx.cfg.serviceDid;
  const serviceJwt = async (acct: TestAccount, aud: string, lxm?: string) =>
    (await acct.agent.com.atproto.server.getServiceAuth({ aud, lxm })).data.token;
  const createWithDid = (did: string, token: string | null, handle = alice.handle) =>
    new AtpAgent({ service: newPds.url }).com.atproto.server.createAccount(
      { did, handle, email: alice.email, password: alice.password },
      token ? { headers: { authorization: `Bearer ${token}` } } : {},
    );
  const allRecords = async (agent: AtpAgent, did: string) => {
    const out: { uri: string; cid: string; value: unknown }[] = [];
    const { data } = await agent.com.atproto.repo.describeRepo({ repo: did });
    for (const collection of data.collections) {
      const page = await agent.com.atproto.repo.listRecords({ repo: did, collection, limit: 100 });
      out.push(...page.data.records.map((r) => ({ uri: r.uri, cid: r.cid, value: r.value })));
    }
    return out.sort((a, b) => a.uri.localeCompare(b.uri));
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "aurora-migration-"));
    plc = await createPlcServer({ dbPath: path.join(dir, "plc.sqlite"), port: 0 });
    const start = (name: string) =>
      createPds(
        { port: 0, dataDir: path.join(dir, name), plcUrl: plc.url, logLevel: "warn", inviteRequired: false },
        {},
      );
    [oldPds, newPds] = [await start("old"), await start("new")];
    alice = await createTestAccount(oldPds.url);
    const repo = alice.agent.com.atproto.repo;
    const put = async (mimeType: string, bytes: Uint8Array) => {
      const blob = (await repo.uploadBlob(bytes, { encoding: mimeType })).data.blob;
      blobs.set(blob.ref.toString(), { bytes, mimeType: blob.mimeType });
      return blob;
    };
    const avatar = await put("image/png", pngBytes(900));
    const shared = await put("image/png", pngBytes(700));
    await repo.putRecord({
      repo: alice.did,
      collection: "app.bsky.actor.profile",
      rkey: "self",
      record: { $type: "app.bsky.actor.profile", displayName: "Alice", avatar },
    });
    for (const text of ["one", "two"]) {
      await repo.createRecord({
        repo: alice.did,
        collection: "app.bsky.feed.post",
        record: imagePost(text, shared),
      });
    }
    await repo.createRecord({
      repo: alice.did,
      collection: "net.atrarium.test.note",
      record: { $type: "net.atrarium.test.note", body: "not a known lexicon" },
    });
    recordsBefore = await allRecords(alice.agent, alice.did);
  });

  afterAll(async () => {
    await newPds?.close();
    await oldPds?.close();
    await plc?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("createAccount with a did needs a service JWT from the DID's own key, for us and this method", async () => {
    const missing = { status: 401, error: "AuthenticationRequired" };
    await expect(createWithDid(alice.did, null)).rejects.toMatchObject(missing);
    await expect(
      createWithDid(alice.did, await serviceJwt(alice, serviceDid(oldPds), CREATE)),
    ).rejects.toMatchObject({
      status: 401,
      error: "BadJwtAudience",
    });
    await expect(createWithDid(alice.did, await serviceJwt(alice, serviceDid(newPds)))).rejects.toMatchObject(
      {
        status: 401,
        error: "BadJwtLexiconMethod",
      },
    );
    const mallory = await createTestAccount(oldPds.url);
    await expect(
      createWithDid(alice.did, await serviceJwt(mallory, serviceDid(newPds), CREATE)),
    ).rejects.toMatchObject(missing);
    const forged = await createServiceJwt({
      iss: alice.did,
      aud: serviceDid(newPds),
      lxm: CREATE,
      exp: Math.floor(Date.now() / 1000) + 60,
      keypair: await Secp256k1Keypair.create(),
    });
    await expect(createWithDid(alice.did, forged)).rejects.toMatchObject({
      status: 401,
      error: "BadJwtSignature",
    });
    await expect(
      createWithDid(alice.did, `${forged.split(".").slice(0, 2).join(".")}`),
    ).rejects.toMatchObject({
      status: 401,
      error: "BadJwt",
    });
  });

  it("creates the migrating account deactivated, with an empty repo and no firehose event", async () => {
    const token = await serviceJwt(alice, serviceDid(newPds), CREATE);
    const res = await createWithDid(alice.did, token);
    expect(res.data.did).toBe(alice.did);
    newAgent = new AtpAgent({ service: newPds.url });
    await newAgent.login({ identifier: alice.did, password: alice.password });
    expect(newAgent.session).toMatchObject({ active: false, status: "deactivated" });
    const status = await newAgent.com.atproto.server.checkAccountStatus();
    expect(status.data).toMatchObject({ activated: false, validDid: false, indexedRecords: 0 });
    expect((await newPds.ctx.sequencer.readAfter(0, 10_000)).filter((e) => e.did === alice.did)).toEqual([]);
    // The same DID cannot be brought twice.
    await expect(
      createWithDid(alice.did, await serviceJwt(alice, serviceDid(newPds), CREATE)),
    ).rejects.toMatchObject({
      status: 400,
    });
  });

  it("importRepo refuses foreign, tampered and unauthenticated CARs, and active accounts", async () => {
    const importCar = (agent: AtpAgent, car: Uint8Array) =>
      agent.com.atproto.repo.importRepo(car, { encoding: "application/vnd.ipld.car" });
    const bob = await createTestAccount(oldPds.url);
    const bobCar = (await bob.agent.com.atproto.sync.getRepo({ did: bob.did })).data;
    await expect(importCar(newAgent, bobCar)).rejects.toMatchObject({ status: 400, error: "InvalidRequest" });
    // Alice's repo re-signed with a key that is not hers.
    const { root, blocks } = await readCarWithRoot(
      (await alice.agent.com.atproto.sync.getRepo({ did: alice.did })).data,
    );
    const commit = await new MemoryBlockstore(blocks).readObj(root, def.commit);
    const { sig: _sig, ...unsigned } = commit;
    const forged = await signCommit(unsigned, await Secp256k1Keypair.create());
    const forgedCid = await cidForLex(forged as unknown as LexMap);
    blocks.set(forgedCid, encode(forged as unknown as LexMap));
    await expect(importCar(newAgent, await blocksToCarFile(forgedCid, blocks))).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("verify"),
    });
    await expect(importCar(newAgent, new TextEncoder().encode("not a car"))).rejects.toMatchObject({
      status: 400,
    });
    const anonymous = await fetch(`${newPds.url}/xrpc/com.atproto.repo.importRepo`, {
      method: "POST",
      headers: { "content-type": "application/vnd.ipld.car" },
      body: bobCar,
    });
    expect(anonymous.status).toBe(401);
    const active = await createTestAccount(newPds.url);
    await expect(importCar(active.agent, bobCar)).rejects.toMatchObject({
      status: 400,
      error: "InvalidRequest",
    });
    expect((await newAgent.com.atproto.server.checkAccountStatus()).data.indexedRecords).toBe(0);
  });

  it("imports the repo, lists the missing blobs and takes their upload", async () => {
    const car = (await alice.agent.com.atproto.sync.getRepo({ did: alice.did })).data;
    await newAgent.com.atproto.repo.importRepo(car, { encoding: "application/vnd.ipld.car" });
    const status = await newAgent.com.atproto.server.checkAccountStatus();
    expect(status.data).toMatchObject({
      indexedRecords: recordsBefore.length,
      expectedBlobs: 2,
      importedBlobs: 0,
    });
    const missing = await newAgent.com.atproto.repo.listMissingBlobs({ limit: 1 });
    expect(missing.data.blobs).toHaveLength(1);
    expect(missing.data.cursor).toBeDefined();
    const all = await newAgent.com.atproto.repo.listMissingBlobs({});
    expect(all.data.blobs.map((b) => b.cid).sort()).toEqual([...blobs.keys()].sort());
    for (const { cid } of all.data.blobs) {
      const res = await alice.agent.com.atproto.sync.getBlob({ did: alice.did, cid });
      const up = await newAgent.com.atproto.repo.uploadBlob(res.data, {
        encoding: res.headers["content-type"],
      });
      expect(up.data.blob.ref.toString()).toBe(cid);
    }
    expect((await newAgent.com.atproto.repo.listMissingBlobs({})).data.blobs).toEqual([]);
    const after = await newAgent.com.atproto.server.checkAccountStatus();
    expect(after.data).toMatchObject({
      expectedBlobs: 2,
      importedBlobs: 2,
      activated: false,
      validDid: false,
    });
  });

  it("activation waits for the DID document to point at the new PDS", async () => {
    await expect(newAgent.com.atproto.server.activateAccount()).rejects.toMatchObject({
      status: 400,
      error: "InvalidRequest",
    });
  });

  it("moves the DID with a mailed token, the old PDS's signature and the new PDS's submission", async () => {
    const creds = (await newAgent.com.atproto.identity.getRecommendedDidCredentials()).data;
    expect(creds.services).toEqual({
      atproto_pds: { type: "AtprotoPersonalDataServer", endpoint: newPds.ctx.cfg.publicUrl },
    });
    const identity = alice.agent.com.atproto.identity;
    await expect(identity.signPlcOperation({ ...creds })).rejects.toMatchObject({ status: 400 });
    await identity.requestPlcOperationSignature();
    const mail = (oldPds.ctx.mailer as DevMailer).lastTo(alice.email);
    const token = /confirmation code is: ([A-Z2-7]{5}-[A-Z2-7]{5})/.exec(mail?.text ?? "")?.[1];
    expect(token).toBeDefined();
    await expect(identity.signPlcOperation({ token: "AAAAA-BBBBB", ...creds })).rejects.toMatchObject({
      status: 400,
      error: "InvalidToken",
    });
    const signed = await identity.signPlcOperation({ token, ...creds });
    // The token is single-use.
    await expect(identity.signPlcOperation({ token, ...creds })).rejects.toMatchObject({
      error: "InvalidToken",
    });
    const op = signed.data.operation as Record<string, unknown>;
    const elsewhere = {
      ...op,
      services: { atproto_pds: { type: "AtprotoPersonalDataServer", endpoint: oldPds.url } },
    };
    await expect(
      newAgent.com.atproto.identity.submitPlcOperation({ operation: elsewhere }),
    ).rejects.toMatchObject({
      status: 400,
    });
    await newAgent.com.atproto.identity.submitPlcOperation({ operation: op });
    const resolved = await localIdResolver(plc.url, newPds.url).did.resolveAtprotoData(alice.did, true);
    expect(resolved.pds).toBe(newPds.ctx.cfg.publicUrl);
    expect(resolved.signingKey).toBe(creds.verificationMethods?.atproto);
    expect(resolved.handle).toBe(alice.handle);
    expect((await newAgent.com.atproto.server.checkAccountStatus()).data.validDid).toBe(true);
  });

  it("activates on the new PDS, deactivates on the old, and everything follows the account", async () => {
    const isAlice = (f: Frame) => f.body.did === alice.did;
    const sub = subscribeFrames(wsUrlOf(newPds.url), (f) => f.some((x) => isAlice(x) && x.t === "#sync"));
    await sub.opened;
    await newAgent.com.atproto.server.activateAccount();
    await alice.agent.com.atproto.server.deactivateAccount({});
    expect((await sub.frames).filter(isAlice).map((f) => f.t)).toEqual(["#account", "#identity", "#sync"]);

    const resolver = localIdResolver(plc.url, newPds.url);
    const key = (await resolver.did.resolveAtprotoData(alice.did, true)).signingKey;
    const car = (await newAgent.com.atproto.sync.getRepo({ did: alice.did })).data;
    const verified = await verifyRepoCar(car, alice.did, key);
    expect(verified.creates).toHaveLength(recordsBefore.length);
    expect(await allRecords(newAgent, alice.did)).toEqual(recordsBefore);
    for (const [cid, blob] of blobs) {
      const res = await newAgent.com.atproto.sync.getBlob({ did: alice.did, cid });
      expect(new Uint8Array(res.data)).toEqual(blob.bytes);
      expect(res.headers["content-type"]).toBe(blob.mimeType);
    }
    expect(await resolver.handle.resolve(alice.handle)).toBe(alice.did);

    const old = new AtpAgent({ service: oldPds.url });
    await expect(old.com.atproto.sync.getRepo({ did: alice.did })).rejects.toMatchObject({
      error: "RepoDeactivated",
    });
    await expect(
      old.com.atproto.repo.getRecord({ repo: alice.did, collection: "app.bsky.actor.profile", rkey: "self" }),
    ).rejects.toMatchObject({ error: "RecordNotFound" });
    await expect(old.com.atproto.identity.resolveHandle({ handle: alice.handle })).rejects.toMatchObject({
      error: "HandleNotFound",
    });

    // Writes continue on the new PDS, signed with the new key.
    await newAgent.com.atproto.repo.createRecord({
      repo: alice.did,
      collection: "app.bsky.feed.post",
      record: {
        $type: "app.bsky.feed.post",
        text: "hello from my new home",
        createdAt: new Date().toISOString(),
      },
    });
    const after = (await newAgent.com.atproto.sync.getRepo({ did: alice.did })).data;
    expect((await verifyRepoCar(after, alice.did, key)).creates).toHaveLength(recordsBefore.length + 1);
    const status = await newAgent.com.atproto.sync.getRepoStatus({ did: alice.did });
    expect(status.data.active).toBe(true);
  });
});
