// Stores an upload as a temp blob of the caller and answers its blob ref. The type is sniffed from the
// bytes; the blob stays temp (and is swept after the grace period) until a record references it,
// except when an imported record already does (an account migrating in), which makes it permanent.

import { assertNotTakenDown } from "../../../../account/takedown.ts";
import { authorizeBlobUpload } from "../../../../auth/oauth-permissions.ts";
import { probeUploadedImage } from "../../../../blob/image-probe.ts";
import { mimeTypeAllowed } from "../../../../blob/mime.ts";
import { receiveUpload } from "../../../../blob/receive-upload.ts";
import { UPLOAD_BLOB_LIMITS } from "../../../../rate-limit/limits.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.repo.uploadBlob",
  type: "procedure",
  auth: "access",
  oauth: authorizeBlobUpload,
  rateLimits: UPLOAD_BLOB_LIMITS,
  rawInput: true,
  handler: async (ctx, { caller, req }) => {
    if (!caller) throw new XrpcError(401, "AuthenticationRequired", "Authentication Required");
    const account = await ctx.accounts.byDid(caller.did);
    if (!account) throw new XrpcError(400, "InvalidRequest", "Could not find user info for account");
    assertNotTakenDown(account);
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
    // An image's dimensions, from its header; an unreadable one is still accepted (image-probe.ts).
    const dimensions = await probeUploadedImage(blobstore, did, blob);
    const row = await ctx.actors.get(did).blobs.trackUpload({ ...blob, dimensions });
    // The same bytes again do not bring a taken-down blob back (as the official PDS).
    if (row.takedown_ref)
      throw new XrpcError(400, "InvalidRequest", "Blob has been takendown, cannot re-upload");
    return {
      json: {
        blob: { $type: "blob", ref: { $link: row.cid }, mimeType: row.mime_type, size: row.size },
      },
    };
  },
});
