import { AtpAgent } from "@atproto/api";
import { parseCid } from "@atproto/lex-data";
import { readCarWithRoot, verifyProofs, verifyRepoCar } from "@atproto/repo";
import { createTestAccount, localIdResolver, type TestAccount } from "@atrarium/testkit";
import { beforeAll, describe, expect, inject, it } from "vitest";

const { pdsUrl, plcUrl } = inject("devnet");
const post = (text: string) => ({ $type: "app.bsky.feed.post", text, createdAt: new Date().toISOString() });

describe("com.atproto.sync", () => {
  let acct: TestAccount;
  let signingKey: string;
  const uris: { uri: string; cid: string }[] = [];
  beforeAll(async () => {
    acct = await createTestAccount(pdsUrl);
    signingKey = (await localIdResolver(plcUrl, pdsUrl).did.resolveAtprotoData(acct.did)).signingKey;
    for (let i = 0; i < 30; i++) {
      const r = await acct.agent.com.atproto.repo.createRecord({
        repo: acct.did,
        collection: "app.bsky.feed.post",
        record: post(`p${i}`),
      });
      uris.push({ uri: r.data.uri, cid: r.data.cid });
    }
    await acct.agent.com.atproto.repo.deleteRecord({
      repo: acct.did,
      collection: "app.bsky.feed.post",
      rkey: uris[3].uri.split("/").pop() as string,
    });
  });

  it("getRepo returns a CAR that verifies against the signing key from our PLC", async () => {
    const res = await acct.agent.com.atproto.sync.getRepo({ did: acct.did });
    const verified = await verifyRepoCar(res.data, acct.did, signingKey);
    expect(verified.creates.length).toBe(29);
    const latest = await acct.agent.com.atproto.sync.getLatestCommit({ did: acct.did });
    expect(verified.commit.rev).toBe(latest.data.rev);
    // Only live blocks are exported: every block is reachable from the root.
    const { blocks } = await readCarWithRoot(res.data);
    expect(blocks.size).toBeLessThanOrEqual(29 + 1 + 20);
  });

  it("getRepo with since returns only newer blocks", async () => {
    const latest = await acct.agent.com.atproto.sync.getLatestCommit({ did: acct.did });
    await acct.agent.com.atproto.repo.createRecord({
      repo: acct.did,
      collection: "app.bsky.feed.post",
      record: post("new"),
    });
    const res = await acct.agent.com.atproto.sync.getRepo({ did: acct.did, since: latest.data.rev });
    const { root, blocks } = await readCarWithRoot(res.data);
    const now = await acct.agent.com.atproto.sync.getLatestCommit({ did: acct.did });
    expect(root.toString()).toBe(now.data.cid);
    expect(blocks.size).toBeGreaterThan(1);
    expect(blocks.size).toBeLessThan(15);
  });

  it("getRecord proves presence and absence", async () => {
    const { uri, cid } = uris[10];
    const rkey = uri.split("/").pop() as string;
    const present = await acct.agent.com.atproto.sync.getRecord({
      did: acct.did,
      collection: "app.bsky.feed.post",
      rkey,
    });
    const claims = [{ collection: "app.bsky.feed.post", rkey, cid: parseCid(cid) }];
    const ok = await verifyProofs(present.data, claims, acct.did, signingKey);
    expect(ok.verified).toHaveLength(1);
    expect(ok.unverified).toHaveLength(0);

    const deletedRkey = uris[3].uri.split("/").pop() as string;
    const absent = await acct.agent.com.atproto.sync.getRecord({
      did: acct.did,
      collection: "app.bsky.feed.post",
      rkey: deletedRkey,
    });
    const absence = await verifyProofs(
      absent.data,
      [{ collection: "app.bsky.feed.post", rkey: deletedRkey, cid: null }],
      acct.did,
      signingKey,
    );
    expect(absence.verified).toHaveLength(1);
    // A wrong claim does not verify.
    const wrong = await verifyProofs(
      present.data,
      [{ collection: "app.bsky.feed.post", rkey, cid: null }],
      acct.did,
      signingKey,
    );
    expect(wrong.verified).toHaveLength(0);
    const { blocks, root } = await readCarWithRoot(present.data);
    expect(root.toString()).toBe(
      (await acct.agent.com.atproto.sync.getLatestCommit({ did: acct.did })).data.cid,
    );
    expect(blocks.size).toBeGreaterThan(1);
  });

  it("listRepos pages through accounts and getRepoStatus reports them active", async () => {
    const other = await createTestAccount(pdsUrl);
    const agent = new AtpAgent({ service: pdsUrl });
    // The devnet is shared: other tests' accounts may be deactivated or deleted meanwhile, so only
    // this test's own accounts are expected active.
    const seen = new Map<string, boolean | undefined>();
    let cursor: string | undefined;
    do {
      const page = await agent.com.atproto.sync.listRepos({ limit: 2, cursor });
      for (const r of page.data.repos) {
        expect(seen.has(r.did)).toBe(false);
        seen.set(r.did, r.active);
      }
      cursor = page.data.cursor;
    } while (cursor);
    expect(seen.get(acct.did)).toBe(true);
    expect(seen.get(other.did)).toBe(true);
    const status = await agent.com.atproto.sync.getRepoStatus({ did: other.did });
    expect(status.data).toMatchObject({ did: other.did, active: true });
    expect(status.data.rev).toMatch(/^[a-z2-7]{13}$/);
    await expect(
      agent.com.atproto.sync.getRepoStatus({ did: "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa" }),
    ).rejects.toMatchObject({
      status: 400,
      error: "RepoNotFound",
    });
  });

  it("getRepo of an unknown DID is RepoNotFound", async () => {
    const agent = new AtpAgent({ service: pdsUrl });
    await expect(
      agent.com.atproto.sync.getRepo({ did: "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa" }),
    ).rejects.toMatchObject({
      status: 400,
      error: "RepoNotFound",
    });
  });
});
