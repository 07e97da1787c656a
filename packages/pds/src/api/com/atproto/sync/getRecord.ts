// A record with its inclusion (or absence) proof: the signed commit, the MST nodes covering the key
// and the record block, as a CAR rooted at the commit.
import type { Cid } from "@atproto/lex-data";
import { servableRepo } from "../../../../account/resolve-repo.ts";
import { carFile, type RawBlock } from "../../../../repo/car.ts";
import { checkCollection, checkRkey } from "../../../../repo/prepare.ts";
import { coveringProofCids } from "../../../../repo/proof-cids.ts";
import { method } from "../../../../xrpc/method.ts";

export default method<{ did: string; collection: string; rkey: string }>({
  nsid: "com.atproto.sync.getRecord",
  type: "query",
  auth: "none",
  handler: async (ctx, { params }) => {
    servableRepo(ctx, params.did);
    checkCollection(params.collection);
    checkRkey(params.rkey);
    const actor = ctx.actors.get(params.did);
    const head = await actor.getHead();
    const key = `${params.collection}/${params.rkey}`;
    const cids = new Map<string, Cid>([[head.cid.toString(), head.cid]]);
    await coveringProofCids(head.data, key, cids);
    const recordCid = await head.data.get(key);
    if (recordCid) cids.set(recordCid.toString(), recordCid);
    const blocks: RawBlock[] = [];
    for (const cid of cids.values()) {
      const bytes = actor.blocks.getBytesSync(cid);
      if (bytes) blocks.push({ cid: cid.bytes, bytes });
    }
    return { bytes: carFile(head.cid, blocks), encoding: "application/vnd.ipld.car" };
  },
});
