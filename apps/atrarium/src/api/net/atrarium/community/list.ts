// net.atrarium.community.list (GET /api/communities): registered communities, oldest first, with
// their lifecycle status; archived ones are left out. The registry knows which the lifecycle sweep
// found archived (lifecycle/lifecycle-sweep.ts), so pages are cut from the others and stay full; one
// archived since its last sweep (its own answer says so) is still left out of the page.
import type { COMMUNITY_LIST_NSID } from "@atrarium/lexicon";
import type { ApiAnswers } from "../../../../community/api-queries.ts";
import type { CommunityEntry } from "../../../../registry/hashtag-registry.ts";
import { XrpcError } from "../../../../shared/xrpc-error.ts";
import type { Stubs } from "../../../../stubs.ts";
import { communityView } from "../../../community-access.ts";
import type { ApiHandler } from "../../../method.ts";

const list: ApiHandler<typeof COMMUNITY_LIST_NSID> = async (ctx, { limit, cursor }) => {
  const { stubs, receiverStale } = ctx.services;
  const all = await stubs.registry().listUnarchived();
  const start = cursor ? await startAfter(ctx.services.stubs, all, cursor) : 0;
  const page = all.slice(start, start + limit);
  const { lifecycle: thresholds } = ctx.services.settings;
  const replies = await Promise.all(
    page.map((e) => stubs.community(e.id).read({ kind: "lifecycle", thresholds })),
  );
  const communities = page.flatMap((e, i) => {
    const reply = replies[i];
    if (!reply?.ok || reply.info.state !== "ok") return [];
    const status = (reply.answer as ApiAnswers["lifecycle"])?.status;
    return status === "archived" ? [] : [communityView(e.id, reply.info.community, status)];
  });
  const [discovery, receiver] = await Promise.all([stubs.networkSync().status(), receiverStale()]);
  const last = page[page.length - 1];
  return {
    body: { communities, ...(start + limit < all.length && last ? { cursor: last.id } : {}) },
    stale: discovery.stale || receiver,
  };
};

// The index after `cursor`, in the registry's order (createdAt, id). The cursor's community may have
// been archived since the previous page: the page goes on after where it stood.
async function startAfter(stubs: Stubs, entries: CommunityEntry[], cursor: string): Promise<number> {
  const at = entries.findIndex((e) => e.id === cursor);
  if (at >= 0) return at + 1;
  const c = await stubs.registry().byId(cursor);
  if (!c) throw new XrpcError(400, "InvalidRequest", "cursor: unknown community");
  const next = entries.findIndex(
    (e) => e.createdAt > c.createdAt || (e.createdAt === c.createdAt && e.id > c.id),
  );
  return next < 0 ? entries.length : next;
}

export default list;
