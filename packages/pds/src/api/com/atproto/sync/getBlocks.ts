// Repo blocks by CID, as a CAR with no root. Every CID must be a live block of the repo, or nothing is
// returned (as the official PDS: the error lists the missing ones).
import { type Cid, parseCidSafe } from "@atproto/lex-data";
import { blocksToCarFile } from "@atproto/repo";
import { servableRepo } from "../../../../account/resolve-repo.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method<{ did: string; cids: string[] }>({
  nsid: "com.atproto.sync.getBlocks",
  type: "query",
  auth: "none",
  handler: async (ctx, { params }) => {
    await servableRepo(ctx, params.did);
    const cids: Cid[] = params.cids.map((raw) => {
      const cid = parseCidSafe(raw);
      if (!cid) throw new XrpcError(400, "InvalidRequest", `Invalid cid: ${raw}`);
      return cid;
    });
    const { blocks, missing } = await ctx.actors.get(params.did).repo.getBlocks(cids);
    if (missing.length > 0)
      throw new XrpcError(400, "InvalidRequest", `Could not find cids: ${missing.map(String)}`);
    return { bytes: await blocksToCarFile(null, blocks), encoding: "application/vnd.ipld.car" };
  },
});
