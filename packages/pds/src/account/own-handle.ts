// An account changing its own handle (com.atproto.identity.updateHandle, the OAuth account pages): a
// free handle under our domains or one on the user's own domain that names its DID
// (identity/account-handle.ts), and the change goes to the DID document, the account DB and the
// firehose (identity/change-handle.ts).
import type { AppContext } from "../context.ts";
import { normalizeAccountHandle } from "../identity/account-handle.ts";
import { changeHandle } from "../identity/change-handle.ts";
import { XrpcError } from "../xrpc/errors.ts";
import { requireLiveAccount } from "./live-account.ts";

export async function updateOwnHandle(ctx: AppContext, did: string, rawHandle: string): Promise<string> {
  const account = await requireLiveAccount(
    ctx,
    did,
    new XrpcError(400, "InvalidRequest", "Could not find user info for account"),
  );
  const handle = await normalizeAccountHandle(ctx, account.did, rawHandle);
  await changeHandle(ctx, account.did, handle);
  return handle;
}
