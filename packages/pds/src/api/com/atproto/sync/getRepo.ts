// The whole repo (or the blocks added after `since`) as a CAR rooted at the head commit. Only live
// blocks are stored (each commit deletes the ones it made unreachable), so this is one table scan.
import { servableRepo } from "../../../../account/resolve-repo.ts";
import { carFile } from "../../../../repo/car.ts";
import { method } from "../../../../xrpc/method.ts";

export default method<{ did: string; since?: string }>({
  nsid: "com.atproto.sync.getRepo",
  type: "query",
  auth: "none",
  handler: async (ctx, { params }) => {
    servableRepo(ctx, params.did);
    const actor = ctx.actors.get(params.did);
    const root = actor.rootRow();
    if (!root) throw new Error(`repo of ${params.did} has no root`);
    const rows = (
      params.since
        ? actor.stmt("SELECT cid, content FROM repo_block WHERE repo_rev > ?").all(params.since)
        : actor.stmt("SELECT cid, content FROM repo_block").all()
    ) as { cid: Uint8Array; content: Uint8Array }[];
    const car = carFile(
      root.cid,
      rows.map((r) => ({ cid: r.cid, bytes: r.content })),
    );
    return { bytes: car, encoding: "application/vnd.ipld.car" };
  },
});
