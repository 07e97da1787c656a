import { parseCid } from "@atproto/lex-data";
import { writableRepo } from "../../../../account/resolve-repo.ts";
import { authorizeRecordWrite } from "../../../../auth/oauth-permissions.ts";
import { CREATE_RECORD_LIMITS } from "../../../../rate-limit/limits.ts";
import { prepareRecordWrite } from "../../../../repo/prepare.ts";
import { writeRepo } from "../../../../repo/write-repo.ts";
import { method } from "../../../../xrpc/method.ts";

interface Input {
  repo: string;
  collection: string;
  rkey?: string;
  validate?: boolean;
  record: unknown;
  swapCommit?: string;
}

export default method({
  nsid: "com.atproto.repo.createRecord",
  type: "procedure",
  auth: "access",
  oauth: authorizeRecordWrite("create"),
  rateLimits: CREATE_RECORD_LIMITS,
  // A record may be up to 1 MiB of CBOR, more than other JSON bodies (official PDS: atproto#4989).
  bodyLimit: (cfg) => cfg.maxRecordBodyBytes,
  handler: async (ctx, { input, caller }) => {
    const body = input as Input;
    const did = await writableRepo(ctx, body.repo, caller);
    const write = await prepareRecordWrite(ctx.lexicons, "create", body);
    write.swapCid = null;
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
