// Verifies an inter-service JWT (as getServiceAuth makes them) presented to this PDS, with
// @atproto/xrpc-server's verifyJwt: audience our service DID, the expected lexicon method, not expired,
// signed by the issuer's atproto key. Its 401s keep their error names (BadJwt, JwtExpired, ...).
import { verifyJwt, XRPCError } from "@atproto/xrpc-server";
import { XrpcError } from "../xrpc/errors.ts";

const denied = (error: string, message: string) => new XrpcError(401, error, message);

export async function verifyServiceJwt(
  token: string,
  opts: { aud: string; lxm: string; signingKey: (iss: string) => Promise<string | null> },
): Promise<{ iss: string }> {
  // verifyJwt asks again with forceRefresh after a bad signature; our lookup is always fresh, so one
  // answer serves both and a forged token costs one lookup.
  let key: Promise<string> | undefined;
  const signingKey = (iss: string) => {
    key ??= opts.signingKey(iss).then((found) => {
      if (!found) throw denied("BadJwtIss", "could not resolve the signing key of the jwt issuer");
      return found;
    });
    return key;
  };
  try {
    const payload = await verifyJwt(token, opts.aud, opts.lxm, signingKey);
    return { iss: payload.iss };
  } catch (err) {
    if (err instanceof XRPCError) {
      throw new XrpcError(err.statusCode, err.error ?? "AuthenticationRequired", err.errorMessage);
    }
    // verifyJwt decodes the header and payload with a bare JSON.parse.
    if (err instanceof SyntaxError) throw denied("BadJwt", "poorly formatted jwt");
    throw err;
  }
}
