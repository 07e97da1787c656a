// net.atrarium.community.list (GET /api/communities): registered communities, oldest first.
import { COMMUNITY_LIST_NSID } from "@atrarium/lexicon";
import { z } from "zod";
import { communityOf, registryOf } from "../../../../env.ts";
import { XrpcError } from "../../../../shared/xrpc-error.ts";
import { networkSyncOf } from "../../../../sync/sync-of.ts";
import { communityView } from "../../../community-access.ts";
import { apiMethod, communityId, pageLimit } from "../../../method.ts";
import { receiverStale } from "../../../staleness.ts";

export default apiMethod({
  nsid: COMMUNITY_LIST_NSID,
  type: "query",
  auth: "optional",
  rest: { path: "/api/communities" },
  params: z.object({ limit: pageLimit, cursor: communityId.optional() }),
  handler: async (ctx, { limit, cursor }) => {
    const all = await registryOf(ctx.env).list();
    const start = cursor ? all.findIndex((e) => e.id === cursor) + 1 : 0;
    if (cursor && start === 0) throw new XrpcError(400, "InvalidRequest", "cursor: unknown community");
    const page = all.slice(start, start + limit);
    const infos = await Promise.all(page.map((e) => communityOf(ctx.env, e.id).read({ kind: "info" })));
    const communities = page.flatMap((e, i) => {
      const reply = infos[i];
      return reply.ok && reply.info.state === "ok" ? [communityView(e.id, reply.info.community)] : [];
    });
    const [discovery, receiver] = await Promise.all([
      networkSyncOf(ctx.env).status(),
      receiverStale(ctx.env),
    ]);
    const last = page[page.length - 1];
    return {
      body: { communities, ...(start + limit < all.length && last ? { cursor: last.id } : {}) },
      stale: discovery.stale || receiver,
    };
  },
});
