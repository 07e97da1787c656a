// Takes down (or restores) an account, a record or a blob, and deactivates (or reactivates) an
// account, as the official PDS does. An account's change is announced on the firehose (#account);
// with neither attribute given, the account's status is announced anyway (as the official, historically).
import { announceAccountStatus } from "../../../../account/account-events.ts";
import { deactivateAccount } from "../../../../account/activation.ts";
import { setAccountTakedown } from "../../../../account/takedown.ts";
import type { AppContext } from "../../../../context.ts";
import {
  REPO_BLOB_REF,
  REPO_REF,
  recordSubject,
  STRONG_REF,
  type StatusAttr,
  type Subject,
  subjectAccount,
  subjectNotFound,
  takedownRef,
} from "../../../../moderation/takedown-subjects.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

interface Input {
  subject: Subject;
  takedown?: StatusAttr;
  deactivated?: StatusAttr;
}

export default method({
  nsid: "com.atproto.admin.updateSubjectStatus",
  type: "procedure",
  auth: "admin",
  handler: async (ctx, { input }) => {
    const { subject, takedown, deactivated } = input as Input;
    if (takedown?.applied && deactivated && !deactivated.applied)
      throw new XrpcError(400, "InvalidRequest", "Cannot activate and takedown an account at the same time");
    if (takedown) await applyTakedown(ctx, subject, takedown);
    if (deactivated && subject.$type === REPO_REF) await applyDeactivation(ctx, subject.did, deactivated);
    if (!takedown && !deactivated && subject.$type === REPO_REF) {
      await subjectAccount(ctx, subject.did);
      await announceAccountStatus(ctx, subject.did);
    }
    return { json: { subject, ...(takedown ? { takedown } : {}) } };
  },
});

async function applyTakedown(ctx: AppContext, subject: Subject, takedown: StatusAttr): Promise<void> {
  const ref = takedownRef(takedown);
  if (subject.$type === REPO_REF) {
    await subjectAccount(ctx, subject.did);
    if (!(await setAccountTakedown(ctx, subject.did, ref))) throw subjectNotFound();
  } else if (subject.$type === STRONG_REF) {
    const record = await recordSubject(ctx, subject.uri);
    if (!(await record.actor.records.setTakedown(record.collection, record.rkey, ref)))
      throw subjectNotFound();
  } else if (subject.$type === REPO_BLOB_REF) {
    await subjectAccount(ctx, subject.did);
    if (!(await ctx.actors.get(subject.did).blobs.setTakedown(subject.cid, ref))) throw subjectNotFound();
  } else {
    throw new XrpcError(400, "InvalidRequest", `Invalid subject (${(subject as { $type?: string }).$type})`);
  }
}

// Reactivating here is the administrator's decision: unlike activateAccount (a migration's last step),
// it does not require the DID document to point here first.
async function applyDeactivation(ctx: AppContext, did: string, deactivated: StatusAttr): Promise<void> {
  await subjectAccount(ctx, did);
  if (deactivated.applied) {
    await deactivateAccount(ctx, did);
    return;
  }
  await ctx.accounts.setDeactivated(did, false);
  await announceAccountStatus(ctx, did);
}
