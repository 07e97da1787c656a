// Feed generator endpoints: the service's DID document, describeFeedGenerator (one feed per
// community) and getFeedSkeleton. A feed is at://<owner>/app.bsky.feed.generator/<community id>;
// only the owner's repo counts, and a previous owner's until they delete its generator record.
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.ts";
import type { FeedResult } from "../community/community-feed.ts";
import type { Services } from "../services.ts";
import { parseParams } from "../shared/params.ts";
import { XrpcError } from "../shared/xrpc-error.ts";

export const FEED_COLLECTION = "app.bsky.feed.generator";
const FEED_URI = /^at:\/\/(did:[a-z]+:[a-zA-Z0-9._:%-]+)\/app\.bsky\.feed\.generator\/([0-9a-f]{8})$/;

// app.bsky.feed.getFeedSkeleton's params (its lexicon is Bluesky's, not bundled here).
const skeletonParams = z.object({
  feed: z.string().max(8192),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  // A mixed feed's cursor holds three post positions (mix/mixed-cursor.ts).
  cursor: z.string().max(3072).optional(),
});

export const feedGenerator = new Hono<AppEnv>()
  .get("/.well-known/did.json", (c) => {
    const { serviceDid, publicUrl } = c.var.services.settings;
    return c.json({
      "@context": ["https://www.w3.org/ns/did/v1"],
      id: serviceDid,
      service: [
        { id: "#bsky_fg", type: "BskyFeedGenerator", serviceEndpoint: publicUrl },
        { id: "#atrarium_api", type: "AtrariumApi", serviceEndpoint: publicUrl },
      ],
    });
  })
  .get("/xrpc/app.bsky.feed.describeFeedGenerator", async (c) => {
    const { stubs, settings } = c.var.services;
    const communities = await stubs.registry().list();
    return c.json({
      did: settings.serviceDid,
      feeds: communities.map((e) => ({ uri: `at://${e.owner}/${FEED_COLLECTION}/${e.id}` })),
    });
  })
  .get("/xrpc/app.bsky.feed.getFeedSkeleton", async (c) => {
    const params = parseParams(skeletonParams, c.req.url);
    const match = FEED_URI.exec(params.feed);
    if (!match) throw new XrpcError(400, "UnknownFeed", `Unknown feed: ${params.feed}`);
    const [, owner, id] = match;
    const result = await communityFeed(c.var.services, id, owner, params.limit, params.cursor);
    if (!result?.ok) {
      if (result?.error === "InvalidCursor")
        throw new XrpcError(400, "InvalidRequest", "cursor: malformed cursor");
      throw new XrpcError(400, "UnknownFeed", `Unknown feed: ${params.feed}`);
    }
    return c.json({
      feed: result.page.posts.map((p) => ({ post: p.uri })),
      ...(result.page.cursor ? { cursor: result.page.cursor } : {}),
    });
  });

// The community's feed for at://<owner>/app.bsky.feed.generator/<id>, or null for no such feed. The
// registry is asked itself when the isolate's cached entry names another owner or its index disagrees
// (a transfer may have just completed): it also answers for a previous owner whose generator record
// still exists (ingest/apply-transfer.ts), whose URI keeps serving the community's feed.
async function communityFeed(
  { communities, stubs }: Pick<Services, "communities" | "stubs">,
  id: string,
  owner: string,
  limit: number,
  cursor?: string,
): Promise<FeedResult | null> {
  const cached = await communities.registered(id);
  if (!cached) return null;
  if (cached.owner === owner) {
    const result = await stubs.community(id).feed(owner, limit, cursor);
    if (result.ok || result.error !== "UnknownFeed") return result;
  }
  const entry = await stubs.registry().feedEntry(id, owner);
  if (entry?.owner !== cached.owner) communities.forget(id);
  return entry ? stubs.community(id).feed(entry.owner, limit, cursor) : null;
}
