// Communities that know each other, for the feed-mix tests: each Durable Object named by its
// community id (as the Worker names them), its config claimed in the registry (so a child finds its
// parent by the parent config's at-uri), and posts written in bulk. Ids are random per call: storage
// is shared by the tests of a file.
import { env } from "cloudflare:test";
import type { ConfigInput } from "../../src/community/community-store.ts";
import { ALICE, config, membership, OWNER, post, rev } from "./community-fixtures.ts";

export interface TestCommunity {
  id: string;
  owner: string;
  configUri: string;
  stub: DurableObjectStub<import("../../src/community/community-feed.ts").CommunityFeed>;
  // Posts written so far, newest first.
  posts: string[];
  configure(over: Partial<ConfigInput>): Promise<void>;
  addPosts(n: number, opts?: { author?: string; minutesAgo?: number }): Promise<string[]>;
}

let configRev = 10;
const registry = () => env.HASHTAG_REGISTRY.get(env.HASHTAG_REGISTRY.idFromName("main"));
export const pool = () => env.FEED_POOL.get(env.FEED_POOL.idFromName("main"));

const randomId = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(4)), (b) => b.toString(16).padStart(2, "0")).join("");

export async function community(
  over: Partial<ConfigInput> = {},
  members: string[] = [ALICE],
): Promise<TestCommunity> {
  const id = randomId();
  const owner = over.owner ?? OWNER;
  const configUri = `at://${owner}/net.atrarium.community.config/${id}`;
  const stub = env.COMMUNITY_FEED.get(env.COMMUNITY_FEED.idFromName(id));
  const base = { uri: configUri, owner, hashtag: `#atrarium_${id}`, name: `c-${id}` };
  let current: ConfigInput = config({ ...base, ...over, rev: rev(configRev++) });
  await registry().claim(
    { id, configUri, owner, createdAt: current.createdAt },
    { kind: "stream", observedUs: Date.now() * 1000 },
  );
  await stub.applyConfig(current);
  await registry().setParent(configUri, current.parentCommunity ?? null);
  for (const did of members)
    await stub.applyMembership(membership(did, { uri: `${membership(did).uri}-${id}` }));
  let written = 0;
  const c: TestCommunity = {
    id,
    owner,
    configUri,
    stub,
    posts: [],
    async configure(change) {
      current = { ...current, ...change, rev: rev(configRev++) };
      await stub.applyConfig(current);
      await registry().setParent(configUri, current.parentCommunity ?? null);
    },
    async addPosts(n, opts = {}) {
      const author = opts.author ?? ALICE;
      const base = Date.now() - (opts.minutesAgo ?? 0) * 60_000;
      const batch = [];
      for (let i = 0; i < n; i++) {
        written++;
        // Older posts first, a millisecond apart: the newest is the last written.
        const createdAt = new Date(base - (n - i) * 1000 - 5).toISOString();
        batch.push(post(author, `${id}-${String(written).padStart(5, "0")}`, { createdAt }));
      }
      for (let i = 0; i < batch.length; i += 200) await stub.applyPostOps(batch.slice(i, i + 200), []);
      const uris = batch.map((p) => p.uri).reverse();
      c.posts = [...uris, ...c.posts];
      return uris;
    },
  };
  return c;
}

// Every page of a community's feed, up to `max` posts.
export async function pageAll(c: TestCommunity, pageSize: number, max: number): Promise<string[]> {
  const served: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000 && served.length < max; pages++) {
    const result = await c.stub.feed(c.owner, Math.min(pageSize, max - served.length), cursor);
    if (!result.ok) throw new Error(`feed failed: ${result.error}`);
    served.push(...result.page.posts.map((p) => p.uri));
    cursor = result.page.cursor;
    if (!cursor) break;
  }
  return served;
}
