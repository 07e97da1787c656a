// net.atrarium.community.list (GET /api/communities): registered communities, oldest first.
import type { COMMUNITY_LIST_NSID } from "@atrarium/lexicon";
import { XrpcError } from "../../../../shared/xrpc-error.ts";
import { communityView } from "../../../community-access.ts";
import type { ApiHandler } from "../../../method.ts";

const list: ApiHandler<typeof COMMUNITY_LIST_NSID> = async (ctx, { limit, cursor }) => {
  const { stubs, receiverStale } = ctx.services;
  const all = await stubs.registry().list();
  const start = cursor ? all.findIndex((e) => e.id === cursor) + 1 : 0;
  if (cursor && start === 0) throw new XrpcError(400, "InvalidRequest", "cursor: unknown community");
  const page = all.slice(start, start + limit);
  const infos = await Promise.all(page.map((e) => stubs.community(e.id).read({ kind: "info" })));
  const communities = page.flatMap((e, i) => {
    const reply = infos[i];
    return reply.ok && reply.info.state === "ok" ? [communityView(e.id, reply.info.community)] : [];
  });
  const [discovery, receiver] = await Promise.all([stubs.networkSync().status(), receiverStale()]);
  const last = page[page.length - 1];
  return {
    body: { communities, ...(start + limit < all.length && last ? { cursor: last.id } : {}) },
    stale: discovery.stale || receiver,
  };
};

export default list;
