// How the Worker signs users in as an OAuth client, from its vars and secrets. Two modes follow from
// PUBLIC_URL, because the AT Protocol OAuth profile allows only these client ids:
// - https (production): a confidential client whose client_id is its own metadata document
//   (${PUBLIC_URL}/oauth/client-metadata.json), authenticating with a private_key_jwt signed by the
//   secret OAUTH_CLIENT_KEY; every PDS can fetch that document.
// - http on localhost/127.0.0.1 (the devnet): a loopback client, which the profile makes public (no
//   client key) and whose redirect must use 127.0.0.1.
// Stored sessions are sealed with the secret OAUTH_SESSION_KEY (required with https). Missing secrets
// do not stop the Worker (feeds keep serving): the OAuth routes answer 503 and say what is missing.
export const OAUTH_SCOPE = [
  "atproto",
  "repo:net.atrarium.community.config",
  "repo:net.atrarium.community.membership",
  "repo:net.atrarium.moderation.action",
  "repo:net.atrarium.community.reaction",
  "repo:net.atrarium.community.emoji",
  "repo:net.atrarium.community.transfer",
  "repo:net.atrarium.community.transferAccept",
  // acceptTransfer publishes the community's feed generator record under the new owner's DID.
  "repo:app.bsky.feed.generator",
].join(" ");

export interface OAuthSettings {
  mode: "confidential" | "loopback";
  publicUrl: string;
  clientId: string;
  redirectUri: string;
  // The private JWK (with kid) of a confidential client; null for a loopback one.
  clientKey: Record<string, unknown> | null;
  sessionKey: string;
  // Origins a sign-in may return to (the session token travels there in the fragment).
  returnOrigins: string[];
  // Any http://127.0.0.1:* or http://localhost:* page may be returned to (the devnet only).
  returnToLoopback: boolean;
  // An XRPC service answering com.atproto.identity.resolveHandle.
  handleResolverUrl: string;
  // Authorization servers on plain http are accepted (a devnet PDS on loopback).
  allowHttp: boolean;
}

export type OAuthConfig = { ok: true; settings: OAuthSettings } | { ok: false; problem: string };

export interface OAuthVars {
  publicUrl: string;
  plcUrl: string;
  serviceDid: string;
  text: (name: string) => string | undefined;
  secret: (name: string) => string | undefined;
}

const MIN_SESSION_KEY = 32;
const DEFAULT_HANDLE_RESOLVER = "https://public.api.bsky.app";

export const isLoopbackUrl = (url: URL) =>
  url.protocol === "http:" && (url.hostname === "localhost" || url.hostname === "127.0.0.1");

export function readOAuthSettings(vars: OAuthVars): OAuthConfig {
  const publicUrl = new URL(vars.publicUrl);
  const base = publicUrl.origin;
  const loopback = isLoopbackUrl(publicUrl);
  if (!loopback && publicUrl.protocol !== "https:")
    return { ok: false, problem: `PUBLIC_URL ${base} must be https (or http on localhost) for OAuth` };
  const returnOrigins = (vars.text("OAUTH_RETURN_ORIGINS") ?? "")
    .split(",")
    .map((o) => o.trim())
    .filter(Boolean)
    .map((o) => new URL(o).origin);
  const common = {
    publicUrl: base,
    returnOrigins: [base, ...returnOrigins],
    returnToLoopback: loopback,
    handleResolverUrl: (vars.text("HANDLE_RESOLVER_URL") ?? DEFAULT_HANDLE_RESOLVER).replace(/\/+$/, ""),
    allowHttp: loopback || isLoopbackUrl(new URL(vars.plcUrl)),
  };
  if (loopback) {
    const redirectUri = `http://127.0.0.1:${publicUrl.port || "80"}/oauth/callback`;
    const query = new URLSearchParams({ redirect_uri: redirectUri, scope: OAUTH_SCOPE });
    return {
      ok: true,
      settings: {
        ...common,
        mode: "loopback",
        clientId: `http://localhost?${query}`,
        redirectUri,
        clientKey: null,
        // A devnet without the secret still seals sessions, with a key only its own DID names.
        sessionKey:
          vars.secret("OAUTH_SESSION_KEY") ?? `devnet-only:${vars.serviceDid}`.padEnd(MIN_SESSION_KEY, "."),
      },
    };
  }
  const sessionKey = vars.secret("OAUTH_SESSION_KEY");
  if (!sessionKey || sessionKey.length < MIN_SESSION_KEY)
    return {
      ok: false,
      problem: `the secret OAUTH_SESSION_KEY (at least ${MIN_SESSION_KEY} characters) is not set`,
    };
  const clientKey = parseClientKey(vars.secret("OAUTH_CLIENT_KEY"));
  if (typeof clientKey === "string") return { ok: false, problem: clientKey };
  return {
    ok: true,
    settings: {
      ...common,
      mode: "confidential",
      clientId: `${base}/oauth/client-metadata.json`,
      redirectUri: `${base}/oauth/callback`,
      clientKey,
      sessionKey,
    },
  };
}

// An ES256 private JWK with a kid, as JSON; a string names what is wrong with it.
function parseClientKey(raw: string | undefined): Record<string, unknown> | string {
  if (!raw) return "the secret OAUTH_CLIENT_KEY (an ES256 private JWK with a kid) is not set";
  let jwk: unknown;
  try {
    jwk = JSON.parse(raw);
  } catch {
    return "OAUTH_CLIENT_KEY is not JSON";
  }
  const key = jwk as Record<string, unknown>;
  if (key?.kty !== "EC" || key.crv !== "P-256" || typeof key.d !== "string")
    return "OAUTH_CLIENT_KEY must be a P-256 (ES256) private JWK";
  if (typeof key.kid !== "string" || key.kid === "") return "OAUTH_CLIENT_KEY needs a kid";
  return { ...key, alg: "ES256", use: "sig" };
}

export function mayReturnTo(settings: OAuthSettings, target: URL): boolean {
  if (settings.returnOrigins.includes(target.origin)) return true;
  return settings.returnToLoopback && isLoopbackUrl(target);
}
