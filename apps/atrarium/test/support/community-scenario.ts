// Scenario helpers: users write records into their own repos through @atproto/api, and the test
// observes only through the Worker's HTTP getFeedSkeleton.
import { randomBytes } from "node:crypto";
import { type AtpAgent, RichText } from "@atproto/api";

export interface Community {
  uri: string;
  id: string;
  hashtag: string;
  feed: string;
  owner: string;
}

export async function createCommunity(
  agent: AtpAgent,
  opts: { moderators?: string[]; id?: string; createdAt?: string } = {},
): Promise<Community> {
  const id = opts.id ?? randomBytes(4).toString("hex");
  const hashtag = `#atrarium_${id}`;
  const res = await agent.com.atproto.repo.createRecord({
    repo: agent.assertDid,
    collection: "net.atrarium.community.config",
    record: {
      $type: "net.atrarium.community.config",
      name: `Test ${id}`,
      hashtag,
      stage: "theme",
      feedMix: { own: 80, parent: 15, global: 5 },
      moderators: opts.moderators ?? [],
      createdAt: opts.createdAt ?? new Date().toISOString(),
    },
  });
  const owner = agent.assertDid;
  return { uri: res.data.uri, id, hashtag, feed: `at://${owner}/app.bsky.feed.generator/${id}`, owner };
}

export async function join(
  agent: AtpAgent,
  community: Community,
  role = "member",
  active = true,
): Promise<string> {
  const res = await agent.com.atproto.repo.createRecord({
    repo: agent.assertDid,
    collection: "net.atrarium.community.membership",
    record: {
      $type: "net.atrarium.community.membership",
      community: community.uri,
      role,
      joinedAt: new Date().toISOString(),
      active,
    },
  });
  return res.data.uri;
}

export async function post(
  agent: AtpAgent,
  text: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const rt = new RichText({ text });
  rt.detectFacetsWithoutResolution();
  const res = await agent.com.atproto.repo.createRecord({
    repo: agent.assertDid,
    collection: "app.bsky.feed.post",
    record: {
      $type: "app.bsky.feed.post",
      text: rt.text,
      facets: rt.facets,
      createdAt: new Date().toISOString(),
      ...extra,
    },
  });
  return res.data.uri;
}

export async function moderate(
  agent: AtpAgent,
  community: Community,
  action: string,
  target: string,
): Promise<string> {
  const res = await agent.com.atproto.repo.createRecord({
    repo: agent.assertDid,
    collection: "net.atrarium.moderation.action",
    record: {
      $type: "net.atrarium.moderation.action",
      action,
      target,
      community: community.uri,
      createdAt: new Date().toISOString(),
    },
  });
  return res.data.uri;
}

export async function feedUris(workerUrl: string, feed: string, limit = 100): Promise<string[]> {
  const url = new URL("/xrpc/app.bsky.feed.getFeedSkeleton", workerUrl);
  url.searchParams.set("feed", feed);
  url.searchParams.set("limit", String(limit));
  const res = await fetch(url);
  if (!res.ok) return [];
  const body = (await res.json()) as { feed: { post: string }[] };
  return body.feed.map((f) => f.post);
}

// Polls the feed until `check` holds (bounded in time); returns the last feed seen.
export async function waitForFeed(
  workerUrl: string,
  feed: string,
  check: (uris: string[]) => boolean,
  timeoutMs = 10_000,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let uris: string[] = [];
  while (Date.now() < deadline) {
    uris = await feedUris(workerUrl, feed);
    if (check(uris)) return uris;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`feed did not reach the expected state in ${timeoutMs} ms; last: ${JSON.stringify(uris)}`);
}

// For "still absent" checks: the feed keeps not containing `uri` while a later marker post arrives.
export async function settle(agent: AtpAgent, workerUrl: string, community: Community): Promise<string[]> {
  const marker = await post(agent, `marker ${randomBytes(3).toString("hex")} ${community.hashtag}`);
  return waitForFeed(workerUrl, community.feed, (u) => u.includes(marker));
}
