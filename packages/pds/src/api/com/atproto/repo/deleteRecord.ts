// Deleting a record that does not exist is a no-op (no commit), unless a swap condition says otherwise.

import { parseCid } from "@atproto/lex-data";
import { writableRepo } from "../../../../account/resolve-repo.ts";
import { authorizeRecordWrite } from "../../../../auth/oauth-permissions.ts";
import { DELETE_RECORD_LIMITS } from "../../../../rate-limit/limits.ts";
import { checkCollection, checkRkey } from "../../../../repo/prepare.ts";
import { writeRepo } from "../../../../repo/write-repo.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

interface Input {
  repo: string;
  collection: string;
  rkey: string;
  swapRecord?: string;
  swapCommit?: string;
}

export default method({
  nsid: "com.atproto.repo.deleteRecord",
  type: "procedure",
  auth: "access",
  oauth: authorizeRecordWrite("delete"),
  rateLimits: DELETE_RECORD_LIMITS,
  handler: async (ctx, { input, caller }) => {
    const body = input as Input;
    const did = await writableRepo(ctx, body.repo, caller);
    checkCollection(body.collection);
    checkRkey(body.rkey);
    const swapCid = body.swapRecord ? parseCid(body.swapRecord) : undefined;
    const swapCommit = body.swapCommit ? parseCid(body.swapCommit) : undefined;
    // Its owner may delete a taken-down record (as the official PDS).
    const existing = await ctx.actors
      .get(did)
      .records.get(body.collection, body.rkey, { includeTakenDown: true });
    if (!existing) {
      if (swapCid) throw new XrpcError(400, "InvalidSwap", "Record was at null");
      return { json: {} };
    }
    const commit = await writeRepo(
      ctx,
      did,
      [{ action: "delete", collection: body.collection, rkey: body.rkey, swapCid }],
      {
        swapCommit,
      },
    );
    return { json: { commit: { cid: commit.cid.toString(), rev: commit.rev } } };
  },
});
