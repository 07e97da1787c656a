// The dashboard's OAuth client (@atproto/oauth-client-browser): one per page, built from config.json.
// Two kinds of client:
// - config.oauthClientId set (a deployment): a discoverable client, its metadata document served at that
//   https URL (client-metadata.json next to index.html, see server/client-metadata.ts).
// - no oauthClientId (the devnet, a developer's machine): a loopback client
//   `http://localhost?redirect_uri=…&scope=…`, no document to host. The atproto loopback rules want the
//   redirect URI on 127.0.0.1, and the client's stores (IndexedDB) are per origin, so the dashboard runs
//   on 127.0.0.1: a visit to localhost is sent there first (sameOriginForLoopback).
// Handles resolve at the configured resolver and DIDs at the configured PLC, so the offline devnet works.
import { BrowserOAuthClient, buildAtprotoLoopbackClientMetadata } from "@atproto/oauth-client-browser";
import type { DashboardConfig } from "../config.ts";
import { DASHBOARD_OAUTH_SCOPE, OAUTH_CALLBACK_PATH } from "./oauth-scope.ts";

export function usesLoopbackClient(cfg: DashboardConfig): boolean {
  return !cfg.oauthClientId;
}

// Where to go instead of this page when a loopback client cannot work on it (the page is on
// "localhost"); null when this page is fine.
export function sameOriginForLoopback(cfg: DashboardConfig): string | null {
  if (!usesLoopbackClient(cfg) || location.hostname !== "localhost") return null;
  const url = new URL(location.href);
  url.hostname = "127.0.0.1";
  return url.href;
}

// Another tab (or a failed refresh) ended the session of `sub`.
type DeletedListener = (sub: string) => void;
const deletedListeners = new Set<DeletedListener>();

export function onOAuthSessionDeleted(listener: DeletedListener): () => void {
  deletedListeners.add(listener);
  return () => deletedListeners.delete(listener);
}

let client: Promise<BrowserOAuthClient> | null = null;

// The page's client, created on first use (a discoverable client fetches its metadata document first).
export function getOAuthClient(cfg: DashboardConfig): Promise<BrowserOAuthClient> {
  client ??= createClient(cfg);
  client.catch(() => {
    client = null;
  });
  return client;
}

async function createClient(cfg: DashboardConfig): Promise<BrowserOAuthClient> {
  const common = {
    handleResolver: cfg.handleResolverUrl,
    plcDirectoryUrl: cfg.plcUrl,
    onSessionDeleted: (sub: string) => {
      for (const listener of deletedListeners) listener(sub);
    },
  };
  if (cfg.oauthClientId) return BrowserOAuthClient.load({ ...common, clientId: cfg.oauthClientId });
  const redirectUri = `http://127.0.0.1${location.port ? `:${location.port}` : ""}${OAUTH_CALLBACK_PATH}`;
  return new BrowserOAuthClient({
    ...common,
    clientMetadata: buildAtprotoLoopbackClientMetadata({
      scope: DASHBOARD_OAUTH_SCOPE,
      redirect_uris: [redirectUri],
    }),
    // Development only: the devnet's PDS and its OAuth server speak plain http on loopback.
    allowHttp: true,
  });
}
