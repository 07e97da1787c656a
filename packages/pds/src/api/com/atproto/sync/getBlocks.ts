// Repo blocks by CID, as a CAR with no root. Every CID must be a live block of the repo, or nothing is
// returned (as the official PDS: the error lists the missing ones).
import { parseCidSafe } from "@atproto/lex-data";
import { servableRepo } from "../../../../account/resolve-repo.ts";
import { carFile, type RawBlock } from "../../../../repo/car.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method<{ did: string; cids: string[] }>({
  nsid: "com.atproto.sync.getBlocks",
  type: "query",
  auth: "none",
  handler: async (ctx, { params }) => {
    servableRepo(ctx, params.did);
    const actor = ctx.actors.get(params.did);
    const blocks: RawBlock[] = [];
    const missing: string[] = [];
    for (const raw of params.cids) {
      const cid = parseCidSafe(raw);
      if (!cid) throw new XrpcError(400, "InvalidRequest", `Invalid cid: ${raw}`);
      const bytes = actor.blocks.getBytesSync(cid);
      if (bytes) blocks.push({ cid: cid.bytes, bytes });
      else missing.push(cid.toString());
    }
    if (missing.length > 0) throw new XrpcError(400, "InvalidRequest", `Could not find cids: ${missing}`);
    return { bytes: carFile(null, blocks), encoding: "application/vnd.ipld.car" };
  },
});
