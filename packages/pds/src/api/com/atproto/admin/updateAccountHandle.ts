// Gives an account a new handle: validated as for the account itself (a domain outside ours must name
// the DID by DNS or HTTPS), except that reserved names are allowed (the official allowAnyValid), then the DID document, the account DB and an #identity event
// (identity/change-handle.ts, shared with com.atproto.identity.updateHandle).
import { requireAccount } from "../../../../account/require-account.ts";
import { normalizeAccountHandle } from "../../../../identity/account-handle.ts";
import { changeHandle } from "../../../../identity/change-handle.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.admin.updateAccountHandle",
  type: "procedure",
  auth: "admin",
  handler: async (ctx, { input }) => {
    const body = input as { did: string; handle: string };
    const account = await requireAccount(ctx, body.did);
    const handle = await normalizeAccountHandle(ctx, account.did, body.handle, { allowReserved: true });
    await changeHandle(ctx, account.did, handle);
    return { empty: true };
  },
});
