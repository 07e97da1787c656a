// A record with its inclusion (or absence) proof: the signed commit, the MST nodes covering the key
// and the record block, as a CAR rooted at the commit. Unlike the official PDS, a taken-down record is
// refused here too (RecordNotFound), so it leaves every read path.
import { blocksToCarFile } from "@atproto/repo";
import { servableRepo } from "../../../../account/resolve-repo.ts";
import { checkCollection, checkRkey } from "../../../../repo/prepare.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method<{ did: string; collection: string; rkey: string }>({
  nsid: "com.atproto.sync.getRecord",
  type: "query",
  auth: "none",
  handler: async (ctx, { params }) => {
    await servableRepo(ctx, params.did);
    checkCollection(params.collection);
    checkRkey(params.rkey);
    const actor = ctx.actors.get(params.did);
    // A taken-down record is not served, even with its proof (an absent one still gets its proof of
    // absence).
    const status = await actor.records.takedownStatus(params.collection, params.rkey);
    if (status?.takedownRef) {
      const uri = `at://${params.did}/${params.collection}/${params.rkey}`;
      throw new XrpcError(400, "RecordNotFound", `Could not locate record: ${uri}`);
    }
    const proof = await actor.repo.recordProof(params.collection, params.rkey);
    return { bytes: await blocksToCarFile(proof.commit, proof.blocks), encoding: "application/vnd.ipld.car" };
  },
});
