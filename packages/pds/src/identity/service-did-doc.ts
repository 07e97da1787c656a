// Whether an account's DID document names this PDS: our endpoint, the repo key we hold, and (did:plc)
// our rotation key. An account migrating in must get there before it may be activated.
import type { AppContext } from "../context.ts";
import { XrpcError } from "../xrpc/errors.ts";

export async function assertDidDocForService(ctx: AppContext, did: string): Promise<void> {
  if (!did.startsWith("did:plc:"))
    throw new XrpcError(400, "InvalidRequest", "Only did:plc accounts are supported");
  const data = await ctx.plc.getDocumentData(did).catch((err: Error) => {
    throw new XrpcError(400, "InvalidRequest", `Could not resolve DID: ${err.message}`);
  });
  if (!data.rotationKeys.includes(ctx.rotationKey.did()))
    throw new XrpcError(400, "InvalidRequest", "Server rotation key not included in PLC DID data");
  if (data.services.atproto_pds?.endpoint !== ctx.cfg.publicUrl) {
    throw new XrpcError(
      400,
      "InvalidRequest",
      "DID document atproto_pds service endpoint does not match PDS public url",
    );
  }
  const keypair = await ctx.actors.get(did).getKeypair();
  if (data.verificationMethods.atproto !== keypair.did()) {
    throw new XrpcError(
      400,
      "InvalidRequest",
      "DID document verification method does not match expected signing key",
    );
  }
}

export async function didDocIsForService(ctx: AppContext, did: string): Promise<boolean> {
  return assertDidDocForService(ctx, did).then(
    () => true,
    () => false,
  );
}
