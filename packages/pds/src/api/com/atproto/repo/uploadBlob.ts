// Stores an upload as a temp blob of the caller and answers its blob ref. The type is sniffed from the
// bytes; the blob stays temp (and is swept after the grace period) until a record references it,
// except when an imported record already does (an account migrating in), which makes it permanent.

import { transact } from "@atrarium/sqlite";
import { isReferenced, markPermanent, trackUpload } from "../../../../actor-store/blob-index.ts";
import { mimeTypeAllowed } from "../../../../blob/mime.ts";
import { receiveUpload } from "../../../../blob/receive-upload.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.repo.uploadBlob",
  type: "procedure",
  auth: "access",
  rawInput: true,
  handler: async (ctx, { caller, req }) => {
    if (!caller) throw new XrpcError(401, "AuthenticationRequired", "Authentication Required");
    const account = ctx.accounts.byDid(caller.did);
    if (!account) throw new XrpcError(400, "InvalidRequest", "Could not find user info for account");
    if (account.takedown_ref) throw new XrpcError(401, "AccountTakedown", "Account has been taken down");
    const { blobstore } = ctx;
    const did = account.did;
    const blob = await receiveUpload(blobstore, did, req, ctx.cfg.blobUploadLimit);
    if (!mimeTypeAllowed(blob.mimeType, ctx.cfg.blobAllowedMimeTypes)) {
      await blobstore.deleteTemp(did, blob.tempKey);
      throw new XrpcError(
        400,
        "InvalidMimeType",
        `This server does not accept blobs of type ${blob.mimeType}`,
      );
    }
    const actor = ctx.actors.get(did);
    const cid = blob.cid.toString();
    const row = await actor.lock.run(async () => {
      const tracked = transact(actor.db, () => trackUpload(actor, blob));
      for (const key of tracked.staleTempKeys) await blobstore.deleteTemp(did, key);
      if (tracked.row.temp_key && isReferenced(actor, cid)) {
        await blobstore.makePermanent(did, tracked.row.temp_key, blob.cid);
        markPermanent(actor, cid);
        await blobstore.deleteTemp(did, tracked.row.temp_key);
      }
      return tracked.row;
    });
    return {
      json: { blob: { $type: "blob", ref: { $link: cid }, mimeType: row.mime_type, size: row.size } },
    };
  },
});
