// The handle an account may have (com.atproto.identity.updateHandle, admin.updateAccountHandle, and
// createAccount for a DID the caller brings): one under our handle domains (handle.ts rules), or one on
// a domain the user controls, which must already name the
// account's DID by DNS TXT `_atproto.<handle>` = `did=<did>` or https://<handle>/.well-known/atproto-did
// (as the official PDS's normalizeAndValidateHandle). Looked up afresh, not from the cache: the user
// has usually just published the record.
import { ensureValidHandle, isValidTld, normalizeHandle } from "@atproto/syntax";
import type { AppContext } from "../context.ts";
import { XrpcError } from "../xrpc/errors.ts";
import { isServiceHandle, normalizeServiceHandle } from "./handle.ts";

// `allowReserved`: the administrator may hand out reserved names under our domains.
export async function normalizeAccountHandle(
  ctx: AppContext,
  did: string,
  raw: string,
  opts: { allowReserved?: boolean } = {},
): Promise<string> {
  const handle = normalizeHandle(raw);
  if (isServiceHandle(ctx.cfg.handleDomains, handle)) return normalizeServiceHandle(ctx, handle, opts);
  try {
    ensureValidHandle(handle);
  } catch (err) {
    throw new XrpcError(400, "InvalidHandle", `Input/handle: ${(err as Error).message}`);
  }
  if (!isValidTld(handle)) throw new XrpcError(400, "InvalidHandle", "Handle TLD is invalid or disallowed");
  await verifyExternalHandle(ctx, did, handle);
  return handle;
}

async function verifyExternalHandle(ctx: AppContext, did: string, handle: string): Promise<void> {
  const resolved = await ctx.handleResolver.resolve(handle, { fresh: true });
  if (resolved === did) return;
  // Say what each place held, so the user can see which record is missing or wrong.
  const seen = await ctx.handleResolver.describeLookups(handle);
  const found = resolved ? `it names ${resolved}` : "no DID found";
  throw new XrpcError(
    400,
    "InvalidRequest",
    `External handle did not resolve to DID ${did} (${found}). Expected DNS TXT _atproto.${handle} ` +
      `"did=${did}" or https://${handle}/.well-known/atproto-did answering ${did}. Looked up: ${seen}`,
  );
}
