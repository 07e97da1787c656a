// The Worker's sign-in, as an OAuth client of its users' PDSes (design: docs/atrarium-oauth.md):
// its client metadata and public keys, the start of a sign-in, the callback that turns the PDS's
// answer into a stored session plus a browser session token, and that token's introspection and end.
// The token travels to the page that asked (return_to) in the URL fragment, so only an allowed origin
// may ask: anything else would hand a user's Atrarium session to whoever wrote the link.
import { OAuthCallbackError } from "@atproto/oauth-client";
import { type Context, Hono } from "hono";
import { charge, clientIp, limitOf } from "../api/gate.ts";
import type { AppEnv } from "../app-env.ts";
import { clientMetadataOf } from "../oauth/client-metadata.ts";
import { publicJwks } from "../oauth/oauth-client.ts";
import { oauthServiceOf } from "../oauth/oauth-service.ts";
import { mayReturnTo, OAUTH_SCOPE } from "../oauth/oauth-settings.ts";
import { sessionCaller } from "../oauth/session-caller.ts";
import { mintSessionToken, SESSION_TOKEN_TTL_MS } from "../oauth/session-token.ts";
import { XrpcError, xrpcErrorResponse } from "../shared/xrpc-error.ts";

type Ctx = Context<AppEnv>;

function confidential(c: Ctx) {
  const service = oauthServiceOf(c.var.services);
  if (service.settings.mode !== "confidential")
    throw new XrpcError(404, "NotFound", "a loopback OAuth client publishes no metadata document");
  return service.settings;
}

function returnTarget(c: Ctx, raw: string | undefined): URL {
  const { settings } = oauthServiceOf(c.var.services);
  let target: URL;
  try {
    target = new URL(raw ?? "");
  } catch {
    throw new XrpcError(400, "InvalidReturnTo", "return_to must be an absolute URL");
  }
  if (!mayReturnTo(settings, target))
    throw new XrpcError(
      400,
      "InvalidReturnTo",
      `${target.origin} is not an origin sign-ins may return to (OAUTH_RETURN_ORIGINS)`,
    );
  target.hash = "";
  return target;
}

const withFragment = (target: string, fields: Record<string, string>) =>
  `${target.split("#")[0]}#${new URLSearchParams(fields)}`;

async function bearerSession(c: Ctx) {
  const caller = await sessionCaller(c.var.services, c.req.header("authorization"));
  if (!caller) throw new XrpcError(401, "AuthenticationRequired", "an Atrarium session token is required");
  return caller;
}

export const oauthRoutes = new Hono<AppEnv>();

oauthRoutes.get("/oauth/client-metadata.json", (c) => {
  c.header("cache-control", "public, max-age=300");
  return c.json(clientMetadataOf(confidential(c)));
});

oauthRoutes.get("/oauth/jwks.json", async (c) => {
  c.header("cache-control", "public, max-age=300");
  return c.json(await publicJwks(confidential(c)));
});

oauthRoutes.get("/oauth/login", async (c) => {
  const { services } = c.var;
  // Each sign-in start costs a PAR request at some PDS: anonymous budget per client address.
  const headers: Record<string, string> = {};
  charge(
    await services.stubs.guard(`ip:${clientIp(c)}`).admit({ charge: [limitOf(services.settings, "API")] }),
    headers,
    false,
  );
  const identifier = c.req.query("identifier")?.trim();
  if (!identifier) throw new XrpcError(400, "InvalidRequest", "identifier (a handle or DID) is required");
  const target = returnTarget(c, c.req.query("return_to"));
  const { client } = oauthServiceOf(services);
  let url: URL;
  try {
    url = await (await client).authorize(identifier, {
      scope: OAUTH_SCOPE,
      state: JSON.stringify({ returnTo: target.href }),
    });
  } catch (err) {
    // Our identity resolver's errors (unknown handle, not a DID) reach us wrapped by the library.
    throw (
      xrpcCause(err) ??
      new XrpcError(
        400,
        "SignInFailed",
        `cannot start a sign-in for ${identifier}: ${(err as Error).message}`,
      )
    );
  }
  return c.redirect(url.href, 302);
});

oauthRoutes.get("/oauth/callback", async (c) => {
  const { services } = c.var;
  const { client } = oauthServiceOf(services);
  const params = new URL(c.req.url).searchParams;
  try {
    const { session, state } = await (await client).callback(params);
    const returnTo = returnToOf(state);
    if (!returnTo) throw new XrpcError(400, "InvalidRequest", "the sign-in lost where to return");
    const minted = await mintSessionToken(session.did);
    await services.stubs
      .oauthSessions(session.did)
      .openBrowser(minted.hash, Date.now() + SESSION_TOKEN_TTL_MS);
    return c.redirect(withFragment(returnTo, { atrarium_session: minted.token, did: session.did }), 302);
  } catch (err) {
    const returnTo = err instanceof OAuthCallbackError ? returnToOf(err.state) : null;
    if (!returnTo) {
      if (err instanceof XrpcError) throw err;
      throw new XrpcError(400, "SignInFailed", `the sign-in did not complete: ${(err as Error).message}`);
    }
    const code =
      err instanceof OAuthCallbackError ? (err.params.get("error") ?? "server_error") : "server_error";
    return c.redirect(
      withFragment(returnTo, { atrarium_error: code, atrarium_error_description: (err as Error).message }),
      302,
    );
  }
});

oauthRoutes.get("/oauth/session", async (c) => {
  const caller = await bearerSession(c);
  const { services } = c.var;
  const [scope, identity] = await Promise.all([
    services.stubs.oauthSessions(caller.did).grantedScope(caller.did),
    services.resolver.resolve(caller.did).catch(() => null),
  ]);
  return c.json({ did: caller.did, handle: identity?.handle ?? null, scope, canWrite: scope !== null });
});

oauthRoutes.post("/oauth/logout", async (c) => {
  const caller = await bearerSession(c);
  const sessions = c.var.services.stubs.oauthSessions(caller.did);
  // The last browser session out revokes Atrarium's access at the PDS too.
  if ((await sessions.closeBrowser(caller.hash)) === 0) await sessions.revoke(caller.did).catch(() => {});
  return c.json({});
});

oauthRoutes.onError((err, c) => xrpcErrorResponse(c, err));

function returnToOf(state: string | null | undefined): string | null {
  try {
    const returnTo = (JSON.parse(state ?? "") as { returnTo?: unknown }).returnTo;
    return typeof returnTo === "string" ? returnTo : null;
  } catch {
    return null;
  }
}

function xrpcCause(err: unknown): XrpcError | null {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++)
    if (e instanceof XrpcError) return e;
  return null;
}
