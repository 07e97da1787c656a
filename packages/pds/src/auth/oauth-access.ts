// DPoP-bound OAuth access tokens (`Authorization: DPoP <token>` + a `DPoP` proof header), as the
// official PDS's AuthVerifier.oauth: the authorization server (ctx.oauth) checks the proof (key,
// method, public URL, nonce, replay) and the token (signature, audience, expiry, revocation); the
// caller then carries the token's scopes as permissions for the method's `oauth` rule to judge.
import { OAuthError, WWWAuthenticateError } from "@atproto/oauth-provider/errors";
import { ScopePermissionsTransition } from "@atproto/oauth-scopes";
import { decodeJwt } from "jose";
import { assertNotTakenDown } from "../account/takedown.ts";
import type { AppContext } from "../context.ts";
import { XrpcError } from "../xrpc/errors.ts";
import type { Caller } from "../xrpc/method.ts";

// Response headers the client must see, success or failure: the next DPoP nonce, and on a refused
// proof the WWW-Authenticate challenge (its `use_dpop_nonce` makes the client retry with the nonce).
// The router adds them to whatever response the request ends with, errors included; browsers may read
// both (server.ts's CORS middleware lists them in Access-Control-Expose-Headers).
export type AuthResponseHeaders = Record<string, string>;

export async function authenticateOAuth(
  ctx: AppContext,
  req: Request,
  responseHeaders: AuthResponseHeaders,
): Promise<Caller> {
  const nonce = ctx.oauth.nextDpopNonce();
  if (nonce) responseHeaders["DPoP-Nonce"] = nonce;
  // The proof's `htu` names the URL the client called: the public one, whatever a reverse proxy in
  // front rewrote the Host to.
  const url = new URL(req.url);
  const publicUrl = new URL(`${url.pathname}${url.search}`, ctx.cfg.publicUrl);
  const headers = Object.fromEntries(req.headers);
  const payload = await ctx.oauth
    .authenticateRequest(req.method, publicUrl, headers, {
      audience: [ctx.cfg.serviceDid],
      scope: ["atproto"],
    })
    .catch((err: unknown) => {
      if (err instanceof WWWAuthenticateError)
        responseHeaders["WWW-Authenticate"] = err.wwwAuthenticateHeader;
      if (err instanceof OAuthError) throw new XrpcError(err.status, err.error, err.error_description);
      throw err;
    });
  const did = payload.sub;
  if (typeof did !== "string" || !did.startsWith("did:"))
    throw new XrpcError(400, "InvalidToken", "Malformed token");
  // As for session tokens: a taken-down account cannot act, a deleted one has nothing to act on.
  const account = await ctx.accounts.byDid(did);
  if (!account) throw new XrpcError(403, "AccountNotFound", "Account not found");
  assertNotTakenDown(account);
  const permissions = new ScopePermissionsTransition(payload.scope?.split(" "));
  return {
    did,
    token: headerToken(req.headers.get("authorization")),
    jti: typeof payload.jti === "string" ? payload.jti : undefined,
    oauth: { clientId: String(payload.client_id ?? ""), permissions },
  };
}

function headerToken(header: string | null): string {
  return header?.slice(header.indexOf(" ") + 1).trim() ?? "";
}

/**
 * For a Bearer token that failed session-JWT verification: an OAuth access token (it names the DPoP
 * key it is bound to in `cnf.jkt`) gets a refusal that says how to use it. The token is only decoded,
 * never trusted: this changes the message, not the outcome.
 */
export function isDpopBoundToken(token: string): boolean {
  try {
    const cnf = decodeJwt(token).cnf as { jkt?: unknown } | undefined;
    return typeof cnf?.jkt === "string";
  } catch {
    return false;
  }
}

export const dpopTokenAsBearer = () =>
  new XrpcError(
    401,
    "InvalidToken",
    "DPoP-bound access token used as a Bearer token: send it as `Authorization: DPoP <token>` with a DPoP proof",
  );
