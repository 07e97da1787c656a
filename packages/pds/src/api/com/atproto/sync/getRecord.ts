// A record with its inclusion (or absence) proof: the signed commit, the MST nodes covering the key
// and the record block, as a CAR rooted at the commit.
import { blocksToCarFile } from "@atproto/repo";
import { servableRepo } from "../../../../account/resolve-repo.ts";
import { checkCollection, checkRkey } from "../../../../repo/prepare.ts";
import { method } from "../../../../xrpc/method.ts";

export default method<{ did: string; collection: string; rkey: string }>({
  nsid: "com.atproto.sync.getRecord",
  type: "query",
  auth: "none",
  handler: async (ctx, { params }) => {
    await servableRepo(ctx, params.did);
    checkCollection(params.collection);
    checkRkey(params.rkey);
    const proof = await ctx.actors.get(params.did).repo.recordProof(params.collection, params.rkey);
    return { bytes: await blocksToCarFile(proof.commit, proof.blocks), encoding: "application/vnd.ipld.car" };
  },
});
