// Up to 200 creates/updates/deletes in one atomic commit: if any op is invalid, nothing changes.

import { parseCid } from "@atproto/lex-data";
import { writableRepo } from "../../../../account/resolve-repo.ts";
import { authorizeApplyWrites } from "../../../../auth/oauth-permissions.ts";
import { APPLY_WRITES_LIMITS } from "../../../../rate-limit/limits.ts";
import {
  checkCollection,
  checkRkey,
  type PreparedWrite,
  prepareRecordWrite,
} from "../../../../repo/prepare.ts";
import { writeRepo } from "../../../../repo/write-repo.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

const MAX_WRITES = 200;
const NS = "com.atproto.repo.applyWrites";

type WriteInput =
  | { $type: `${typeof NS}#create`; collection: string; rkey?: string; value: unknown }
  | { $type: `${typeof NS}#update`; collection: string; rkey: string; value: unknown }
  | { $type: `${typeof NS}#delete`; collection: string; rkey: string };

interface Input {
  repo: string;
  validate?: boolean;
  writes: WriteInput[];
  swapCommit?: string;
}

export default method({
  nsid: NS,
  type: "procedure",
  auth: "access",
  oauth: authorizeApplyWrites,
  rateLimits: APPLY_WRITES_LIMITS,
  // A record may be up to 1 MiB of CBOR, more than other JSON bodies (official PDS: atproto#4989).
  bodyLimit: (cfg) => cfg.maxRecordBodyBytes,
  handler: async (ctx, { input, caller }) => {
    const body = input as Input;
    const did = await writableRepo(ctx, body.repo, caller);
    if (body.writes.length > MAX_WRITES)
      throw new XrpcError(400, "InvalidRequest", `Too many writes. Max: ${MAX_WRITES}`);
    const writes: PreparedWrite[] = [];
    for (const w of body.writes) {
      if (w.$type === `${NS}#delete`) {
        checkCollection(w.collection);
        checkRkey(w.rkey);
        writes.push({ action: "delete", collection: w.collection, rkey: w.rkey });
      } else {
        const action = w.$type === `${NS}#create` ? "create" : "update";
        const prepared = await prepareRecordWrite(ctx.lexicons, action, {
          collection: w.collection,
          rkey: w.rkey,
          record: w.value,
          validate: body.validate,
        });
        if (action === "create") prepared.swapCid = null;
        writes.push(prepared);
      }
    }
    const swapCommit = body.swapCommit ? parseCid(body.swapCommit) : undefined;
    const commit = await writeRepo(ctx, did, writes, { swapCommit });
    const results = writes.map((w) => {
      if (w.action === "delete") return { $type: `${NS}#deleteResult` };
      return {
        $type: `${NS}#${w.action}Result`,
        uri: `at://${did}/${w.collection}/${w.rkey}`,
        cid: w.cid.toString(),
        ...(w.validationStatus ? { validationStatus: w.validationStatus } : {}),
      };
    });
    return { json: { commit: { cid: commit.cid.toString(), rev: commit.rev }, results } };
  },
});
