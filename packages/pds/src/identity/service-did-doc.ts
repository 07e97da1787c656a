// Whether an account's DID document names this PDS: our endpoint, the repo key we hold, and (did:plc)
// our rotation key. An account migrating in, or a did:web account created here, must get there before
// it may be activated. A did:web document is fetched fresh from its host (no rotation keys: whoever
// controls the domain controls the DID); getRecommendedDidCredentials says what it should contain.
import { getPdsEndpoint, getSigningDidKey } from "@atproto/common";
import type { AppContext } from "../context.ts";
import { XrpcError } from "../xrpc/errors.ts";
import { resolveDidDocument } from "./identity-resolution.ts";

export async function assertDidDocForService(ctx: AppContext, did: string): Promise<void> {
  if (did.startsWith("did:web:")) return assertDidWebDocForService(ctx, did);
  if (!did.startsWith("did:plc:"))
    throw new XrpcError(400, "InvalidRequest", "Only did:plc and did:web accounts are supported");
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

async function assertDidWebDocForService(ctx: AppContext, did: string): Promise<void> {
  const doc = await resolveDidDocument(ctx, did, { fresh: true });
  const pds = getPdsEndpoint(doc);
  if (pds !== ctx.cfg.publicUrl) {
    throw new XrpcError(
      400,
      "InvalidRequest",
      `DID document of ${did} names ${pds ?? "no"} #atproto_pds service endpoint; this PDS is ${ctx.cfg.publicUrl}`,
    );
  }
  const expected = (await ctx.actors.get(did).getKeypair()).did();
  const key = getSigningDidKey(doc);
  if (key !== expected) {
    throw new XrpcError(
      400,
      "InvalidRequest",
      `DID document of ${did} names ${key ?? "no"} #atproto key; this account's repo signing key is ${expected}`,
    );
  }
}

export async function didDocIsForService(ctx: AppContext, did: string): Promise<boolean> {
  return assertDidDocForService(ctx, did).then(
    () => true,
    () => false,
  );
}
