import { createRecord, createTestAccount } from "@atrarium/testkit";
import { describe, expect, inject, it } from "vitest";

const { pdsUrl, jetstreamUrl } = inject("devnet");
const listUrl = (params: Record<string, string>) =>
  `${jetstreamUrl}/xrpc/com.atproto.sync.listReposByCollection?${new URLSearchParams(params)}`;

async function waitForRepos(collection: string, n: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const res = (await (await fetch(listUrl({ collection, limit: "2000" }))).json()) as { repos: unknown[] };
    if (res.repos.length >= n) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`fewer than ${n} repos listed for ${collection}`);
}

describe("com.atproto.sync.listReposByCollection", () => {
  it("lists every repo that wrote the collection, paged by cursor", async () => {
    const collection = `net.atrarium.test.c${Date.now().toString(36)}`;
    const accounts = await Promise.all(Array.from({ length: 5 }, () => createTestAccount(pdsUrl)));
    for (const a of accounts) await createRecord(a.agent, collection, { n: 1 });
    // A second record, and a deleted one, do not list a repo twice or remove it.
    const extra = await createRecord(accounts[0].agent, collection, { n: 2 });
    await accounts[0].agent.com.atproto.repo.deleteRecord({
      repo: accounts[0].did,
      collection,
      rkey: extra.rkey,
    });
    await waitForRepos(collection, 5);
    const pages: string[][] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const res = await fetch(listUrl({ collection, limit: "2", ...(cursor ? { cursor } : {}) }));
      expect(res.status).toBe(200);
      const body = (await res.json()) as { repos: { did: string }[]; cursor?: string };
      pages.push(body.repos.map((r) => r.did));
      cursor = body.cursor;
      if (!cursor) break;
    }
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(accounts.map((a) => a.did).sort());
  });

  it("an unknown collection lists nothing; bad params are a 400 InvalidRequest", async () => {
    const empty = await fetch(listUrl({ collection: "net.atrarium.never.written" }));
    expect(await empty.json()).toEqual({ repos: [] });
    for (const params of [
      {},
      { collection: "nope" },
      { collection: "app.bsky.feed.post", limit: "0" },
      { collection: "app.bsky.feed.post", limit: "2001" },
    ]) {
      const res = await fetch(listUrl(params as Record<string, string>));
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: "InvalidRequest" });
    }
  });
});
