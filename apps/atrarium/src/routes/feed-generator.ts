// Feed generator endpoints: the service's DID document, describeFeedGenerator (one feed per
// community) and getFeedSkeleton. A feed is at://<owner>/app.bsky.feed.generator/<community id>;
// only the owner's repo counts.
import { Hono } from "hono";
import { z } from "zod";
import { communityOf, type Env, registryOf } from "../env.ts";
import { registeredCommunity } from "../registry/community-cache.ts";
import { parseParams } from "../shared/params.ts";
import { XrpcError } from "../shared/xrpc-error.ts";

export const FEED_COLLECTION = "app.bsky.feed.generator";
const FEED_URI = /^at:\/\/(did:[a-z]+:[a-zA-Z0-9._:%-]+)\/app\.bsky\.feed\.generator\/([0-9a-f]{8})$/;

const skeletonParams = z.object({
  feed: z.string().max(8192),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(1024).optional(),
});

export const feedGenerator = new Hono<{ Bindings: Env }>()
  .get("/.well-known/did.json", (c) =>
    c.json({
      "@context": ["https://www.w3.org/ns/did/v1"],
      id: c.env.SERVICE_DID,
      service: [
        { id: "#bsky_fg", type: "BskyFeedGenerator", serviceEndpoint: c.env.PUBLIC_URL },
        { id: "#atrarium_api", type: "AtrariumApi", serviceEndpoint: c.env.PUBLIC_URL },
      ],
    }),
  )
  .get("/xrpc/app.bsky.feed.describeFeedGenerator", async (c) => {
    const communities = await registryOf(c.env).list();
    return c.json({
      did: c.env.SERVICE_DID,
      feeds: communities.map((e) => ({ uri: `at://${e.owner}/${FEED_COLLECTION}/${e.id}` })),
    });
  })
  .get("/xrpc/app.bsky.feed.getFeedSkeleton", async (c) => {
    const params = parseParams(skeletonParams, c.req.url);
    const match = FEED_URI.exec(params.feed);
    if (!match) throw new XrpcError(400, "UnknownFeed", `Unknown feed: ${params.feed}`);
    const [, owner, id] = match;
    const entry = await registeredCommunity(c.env, id);
    if (!entry || entry.owner !== owner)
      throw new XrpcError(400, "UnknownFeed", `Unknown feed: ${params.feed}`);
    const result = await communityOf(c.env, id).feed(owner, params.limit, params.cursor);
    if (!result.ok) {
      if (result.error === "InvalidCursor")
        throw new XrpcError(400, "InvalidRequest", "cursor: malformed cursor");
      throw new XrpcError(400, "UnknownFeed", `Unknown feed: ${params.feed}`);
    }
    return c.json({
      feed: result.page.posts.map((p) => ({ post: p.uri })),
      ...(result.page.cursor ? { cursor: result.page.cursor } : {}),
    });
  });
