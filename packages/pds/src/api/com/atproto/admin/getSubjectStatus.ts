// The takedown (and, for an account, deactivation) status of one subject, named by `did` (an account),
// `uri` (a record) or `did` + `blob` (a blob), as the official PDS answers it; NotFound when the subject
// does not exist here.
import type { AppContext } from "../../../../context.ts";
import {
  REPO_BLOB_REF,
  REPO_REF,
  recordSubject,
  STRONG_REF,
  statusAttr,
  subjectAccount,
  subjectNotFound,
} from "../../../../moderation/takedown-subjects.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

interface Params {
  did?: string;
  uri?: string;
  blob?: string;
}

export default method<Params>({
  nsid: "com.atproto.admin.getSubjectStatus",
  type: "query",
  auth: "admin",
  handler: async (ctx, { params }) => {
    if (params.blob) {
      if (!params.did) throw new XrpcError(400, "InvalidRequest", "Must provide a did to request blob state");
      return { json: await blobStatus(ctx, params.did, params.blob) };
    }
    if (params.uri) return { json: await recordStatus(ctx, params.uri) };
    if (params.did) return { json: await accountStatusView(ctx, params.did) };
    throw new XrpcError(400, "InvalidRequest", "No provided subject");
  },
});

async function blobStatus(ctx: AppContext, did: string, cid: string) {
  await subjectAccount(ctx, did);
  const row = await ctx.actors.get(did).blobs.get(cid);
  if (!row) throw subjectNotFound();
  return { subject: { $type: REPO_BLOB_REF, did, cid }, takedown: statusAttr(row.takedown_ref) };
}

async function recordStatus(ctx: AppContext, uri: string) {
  const record = await recordSubject(ctx, uri);
  const status = await record.actor.records.takedownStatus(record.collection, record.rkey);
  if (!status) throw subjectNotFound();
  return {
    subject: { $type: STRONG_REF, uri: record.uri, cid: status.cid },
    takedown: statusAttr(status.takedownRef),
  };
}

async function accountStatusView(ctx: AppContext, did: string) {
  const account = await subjectAccount(ctx, did);
  return {
    subject: { $type: REPO_REF, did },
    takedown: statusAttr(account.takedown_ref),
    deactivated: { applied: !!account.deactivated_at },
  };
}
