// Dashboard test helpers: serve the built dashboard against a devnet, sign in through the UI, and
// seed communities through the real APIs (records in users' own repos) when a test needs data it
// does not itself create through the UI.
import { randomBytes } from "node:crypto";
import { RichText } from "@atproto/api";
import { type DashboardServer, startDashboardServer } from "@atrarium/dashboard/server";
import type { TestAccount } from "@atrarium/testkit";
import type { Page } from "playwright-core";

export interface DevnetUrls {
  plcUrl: string;
  pdsUrl: string;
  workerUrl: string;
}

export function serveDashboard(devnet: DevnetUrls, feedPageSize = 5): Promise<DashboardServer> {
  if (!devnet.workerUrl) throw new Error("the dashboard tests need the Worker (DEVNET_TEST_WORKER is off)");
  return startDashboardServer({
    config: {
      workerUrl: devnet.workerUrl,
      plcUrl: devnet.plcUrl,
      handleResolverUrl: devnet.pdsUrl,
      feedPageSize,
    },
  });
}

export async function signIn(page: Page, baseUrl: string, account: { handle: string; password: string }) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel("Handle").fill(account.handle);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText(`Signed in as @${account.handle}`).waitFor();
}

export async function until<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ""}`);
}

export interface SeededCommunity {
  id: string;
  uri: string;
  hashtag: string;
  name: string;
}

async function post(account: TestAccount, text: string, createdAt: string): Promise<string> {
  const rt = new RichText({ text });
  rt.detectFacetsWithoutResolution();
  const res = await account.agent.com.atproto.repo.createRecord({
    repo: account.did,
    collection: "app.bsky.feed.post",
    record: { $type: "app.bsky.feed.post", text: rt.text, facets: rt.facets, createdAt },
  });
  return res.data.uri;
}

// A community owned by `owner` with `member` joined and `posts` posts by the member, oldest first,
// indexed by the Worker (through Jetstream) before it returns.
export async function seedCommunity(
  workerUrl: string,
  owner: TestAccount,
  member: TestAccount,
  name: string,
  posts: number,
): Promise<SeededCommunity> {
  const id = randomBytes(4).toString("hex");
  const hashtag = `#atrarium_${id}`;
  const config = await owner.agent.com.atproto.repo.createRecord({
    repo: owner.did,
    collection: "net.atrarium.community.config",
    record: {
      $type: "net.atrarium.community.config",
      name,
      description: "Seeded by the dashboard tests",
      hashtag,
      stage: "theme",
      feedMix: { own: 100, parent: 0, global: 0 },
      moderators: [],
      createdAt: new Date().toISOString(),
    },
  });
  const uri = config.data.uri;
  await member.agent.com.atproto.repo.createRecord({
    repo: member.did,
    collection: "net.atrarium.community.membership",
    record: {
      $type: "net.atrarium.community.membership",
      community: uri,
      role: "member",
      joinedAt: new Date().toISOString(),
      active: true,
    },
  });
  const start = Date.now() - posts * 60_000;
  for (let i = 1; i <= posts; i++)
    await post(member, `Seed post number ${i} ${hashtag}`, new Date(start + i * 60_000).toISOString());
  await until(`${posts} posts of ${id} in the feed`, async () => {
    const res = await fetch(`${workerUrl}/api/communities/${id}/feed?limit=100`);
    if (!res.ok) return undefined;
    const body = (await res.json()) as { posts: unknown[] };
    return body.posts.length >= posts ? true : undefined;
  });
  return { id, uri, hashtag, name };
}
