// Creates or replaces a record; swapRecord (a CID, or null for "must not exist") and swapCommit make
// it conditional.

import { parseCid } from "@atproto/lex-data";
import { writableRepo } from "../../../../account/resolve-repo.ts";
import { authorizeRecordWrite } from "../../../../auth/oauth-permissions.ts";
import { PUT_RECORD_LIMITS } from "../../../../rate-limit/limits.ts";
import { prepareRecordWrite } from "../../../../repo/prepare.ts";
import { writeRepo } from "../../../../repo/write-repo.ts";
import { method } from "../../../../xrpc/method.ts";

interface Input {
  repo: string;
  collection: string;
  rkey: string;
  validate?: boolean;
  record: unknown;
  swapRecord?: string | null;
  swapCommit?: string;
}

export default method({
  nsid: "com.atproto.repo.putRecord",
  type: "procedure",
  auth: "access",
  oauth: authorizeRecordWrite("create", "update"),
  rateLimits: PUT_RECORD_LIMITS,
  // A record may be up to 1 MiB of CBOR, more than other JSON bodies (official PDS: atproto#4989).
  bodyLimit: (cfg) => cfg.maxRecordBodyBytes,
  handler: async (ctx, { input, caller }) => {
    const body = input as Input;
    const did = await writableRepo(ctx, body.repo, caller);
    const write = await prepareRecordWrite(ctx.lexicons, "update", body);
    if (body.swapRecord !== undefined)
      write.swapCid = body.swapRecord === null ? null : parseCid(body.swapRecord);
    const swapCommit = body.swapCommit ? parseCid(body.swapCommit) : undefined;
    const commit = await writeRepo(ctx, did, [write], { swapCommit });
    return {
      json: {
        uri: `at://${did}/${write.collection}/${write.rkey}`,
        cid: write.cid.toString(),
        commit: { cid: commit.cid.toString(), rev: commit.rev },
        ...(write.validationStatus ? { validationStatus: write.validationStatus } : {}),
      },
    };
  },
});
