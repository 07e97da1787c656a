// GET /api/communities/:id/rebuild: progress of a community's rebuild from the network and of its
// refreshes (records fetched, repos read, errors). Only the owner and the moderators the config lists
// may read it, and reads are limited per IP and per community on top of the API's own limits: it is
// an operator's view, not something to poll for every visitor. A rebuild itself is only started by
// the Worker (an empty index found by a read, or discovery), never by this route. Not a lexicon
// method: its path and answer are this file's.
import { COMMUNITY_ID_PATTERN } from "@atrarium/lexicon";
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import type { ApiAnswers } from "../community/api-queries.ts";
import { XrpcError, xrpcErrorResponse } from "../shared/xrpc-error.ts";
import type { Stubs } from "../stubs.ts";
import { notFound } from "./community-access.ts";
import { charge, clientIp, gate, limitOf } from "./gate.ts";
import { REBUILD_STATUS_LXM } from "./method.ts";

export const rebuildStatus = new Hono<AppEnv>().get("/api/communities/:id/rebuild", async (c) => {
  const headers: Record<string, string> = {};
  const { settings, stubs, communities } = c.var.services;
  try {
    const id = c.req.param("id");
    if (!COMMUNITY_ID_PATTERN.test(id))
      throw new XrpcError(400, "InvalidRequest", "input: must be 8 lowercase hex digits");
    const { viewer } = await gate(c, { lxm: REBUILD_STATUS_LXM, auth: "required", limit: "API" }, headers);
    const perIp = await stubs.guard(`ip:${clientIp(c)}`).admit({
      charge: [limitOf(settings, "REBUILD", "rebuild-status")],
    });
    charge(perIp, headers, false);
    const entry = await communities.registered(id);
    if (!entry) throw notFound(id);
    if (!(await isStaff(stubs, id, entry.owner, viewer as string)))
      throw new XrpcError(
        403,
        "Forbidden",
        "only the owner and the moderators listed in its config may see this",
      );
    // Charged once the caller is known to be staff, so others cannot use up the community's budget.
    charge(
      await stubs.guard(`rebuild:${id}`).admit({ charge: [limitOf(settings, "REBUILD")] }),
      headers,
      false,
    );
    const { rebuild, refresh, stale } = await stubs.communitySync(id).status();
    return c.json({ community: id, rebuild, refresh, stale }, 200, headers);
  } catch (err) {
    const res = xrpcErrorResponse(c, err);
    for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
    return res;
  }
});

// The registry names the owner even while the index is empty; moderators come from the indexed config.
async function isStaff(stubs: Stubs, id: string, owner: string, viewer: string): Promise<boolean> {
  if (viewer === owner) return true;
  const reply = await stubs.community(id).read({ kind: "viewer", did: viewer });
  return reply.ok && reply.info.state === "ok" && (reply.answer as ApiAnswers["viewer"]).role === "moderator";
}
