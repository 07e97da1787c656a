// The OAuth session (the default sign-in): the user types a handle, the dashboard sends the tab to their
// own PDS's authorization page, and on return (OAUTH_CALLBACK_PATH) trades the code for DPoP-bound
// tokens kept by @atproto/oauth-client-browser in this browser (IndexedDB). The rest of the app gets an
// @atproto/api Agent over the session. Who is signed in (DID, handle, PDS) is also noted in
// localStorage, so a reload while the PDS is down keeps the user signed in (the library would need the
// PDS's OAuth metadata to rebuild the session): the Agent restores the session on its first call.
import { Agent } from "@atproto/api";
import {
  type BrowserOAuthClient,
  OAuthCallbackError,
  OAuthResolverError,
  type OAuthSession,
} from "@atproto/oauth-client-browser";
import type { DashboardConfig } from "../config.ts";
import { findPds, handleOf, normalizeHandle, resolveDid } from "./identity.ts";
import type { LiveSession } from "./live-session.ts";
import { getOAuthClient, onOAuthSessionDeleted } from "./oauth-client.ts";
import { OAUTH_CALLBACK_PATH } from "./oauth-scope.ts";
import {
  hasNetworkCause,
  identityFailure,
  isUnreachable,
  SignInError,
  type SignInFailure,
} from "./sign-in-error.ts";

const STORAGE_KEY = "atrarium.oauth";

interface Stored {
  did: string;
  handle: string;
  pdsUrl: string;
}

function readStored(): Stored | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    const parsed = raw ? (JSON.parse(raw) as Stored) : null;
    return parsed?.did && parsed.pdsUrl ? parsed : null;
  } catch {
    return null;
  }
}

// The in-app path to return to after the PDS: only paths inside the app, never another origin.
export function safeReturnPath(value: unknown): string {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//") ? value : "/";
}

// Sends this tab to the user's PDS to sign in; comes back at OAUTH_CALLBACK_PATH. The handle is resolved
// first with the dashboard's own resolver so that an unknown handle or a PDS that is down reads the same
// as on the app-password form.
export async function startOAuthSignIn(
  cfg: DashboardConfig,
  handle: string,
  returnTo: string,
): Promise<void> {
  try {
    await findPds(cfg, handle);
  } catch (err) {
    throw identityFailure(err);
  }
  let url: URL;
  try {
    const client = await getOAuthClient(cfg);
    url = await client.authorize(normalizeHandle(handle), { state: safeReturnPath(returnTo) });
  } catch (err) {
    if (hasNetworkCause(err)) throw new SignInError("unreachable", (err as Error).message);
    // The PDS answered, but not as an OAuth server (no metadata, or metadata the client refuses).
    if (err instanceof OAuthResolverError) throw new SignInError("no-oauth", err.message);
    throw new SignInError("other", (err as Error).message);
  }
  window.location.assign(url.href);
  // The page is leaving; nothing after this runs.
  await new Promise<never>(() => {});
}

function callbackFailure(err: unknown): SignInFailure {
  if (err instanceof OAuthCallbackError) {
    const error = err.params.get("error");
    if (error === "access_denied" || error === "consent_required" || error === "login_required")
      return "denied";
  }
  return hasNetworkCause(err) ? "unreachable" : "other";
}

// What Agent needs of a session (@atproto/api's SessionManager, not exported by name).
interface SessionManager {
  did: string;
  fetchHandler(url: string, init: RequestInit): Promise<Response>;
}

// A SessionManager for Agent that rebuilds the library's OAuthSession on first use (and again after a
// failure), so the Agent exists even while the PDS cannot be reached.
function lazySession(client: BrowserOAuthClient, did: string, ready?: OAuthSession): SessionManager {
  let session: Promise<OAuthSession> | null = ready ? Promise.resolve(ready) : null;
  const get = () => {
    session ??= client.restore(did);
    session.catch(() => {
      session = null;
    });
    return session;
  };
  return {
    did,
    fetchHandler: async (url: string, init: RequestInit) => (await get()).fetchHandler(url, init),
  };
}

function live(
  client: BrowserOAuthClient,
  stored: Stored,
  reachable: boolean,
  ready?: OAuthSession,
): LiveSession {
  const manager = lazySession(client, stored.did, ready);
  return {
    kind: "oauth",
    agent: new Agent(manager),
    ...stored,
    pdsReachable: reachable,
    signOut: async () => {
      localStorage.removeItem(STORAGE_KEY);
      // Revokes the tokens at the PDS; a PDS that is down still gets the session forgotten here.
      await client.revoke(stored.did).catch(() => {});
    },
  };
}

// The handle and reachability as the PDS sees them now; the noted ones when it does not answer.
async function refreshed(cfg: DashboardConfig, session: LiveSession): Promise<LiveSession> {
  try {
    const res = await session.agent.com.atproto.server.getSession();
    return { ...session, handle: res.data.handle, pdsReachable: true };
  } catch (err) {
    if (isUnreachable(err)) return { ...session, pdsReachable: false };
    // getSession refused to this client: the DID document names the handle too.
    const handle = await resolveDid(cfg, session.did).then(handleOf, () => null);
    return handle ? { ...session, handle } : session;
  }
}

export interface OAuthReturn {
  // Where the user was going when they left for their PDS.
  to: string;
  failure: SignInFailure | null;
}

export interface OAuthStart {
  session: LiveSession | null;
  // Set when this page load is the return from the PDS.
  returned: OAuthReturn | null;
}

// At page load: finish a sign-in coming back from the PDS, or pick up the session noted in this browser.
// `onEnded(did)`: the session was revoked, refused at refresh, or ended in another tab.
export async function initOAuthSession(
  cfg: DashboardConfig,
  onEnded: (did: string) => void,
): Promise<OAuthStart> {
  const client = await getOAuthClient(cfg);
  onOAuthSessionDeleted((sub) => {
    if (readStored()?.did === sub) localStorage.removeItem(STORAGE_KEY);
    onEnded(sub);
  });
  const params = location.pathname === OAUTH_CALLBACK_PATH ? client.readCallbackParams() : null;
  if (params) {
    try {
      const { session, state } = await client.initCallback(params, client.findRedirectUrl());
      const info = await session.getTokenInfo(false);
      const stored: Stored = { did: session.did, handle: session.did, pdsUrl: info.aud.replace(/\/+$/, "") };
      const signedIn = await refreshed(cfg, live(client, stored, true, session));
      localStorage.setItem(STORAGE_KEY, JSON.stringify({ ...stored, handle: signedIn.handle }));
      return { session: signedIn, returned: { to: safeReturnPath(state), failure: null } };
    } catch (err) {
      const state = err instanceof OAuthCallbackError ? err.state : undefined;
      return { session: null, returned: { to: safeReturnPath(state), failure: callbackFailure(err) } };
    }
  }
  const stored = readStored();
  if (!stored) return { session: null, returned: null };
  let ready: OAuthSession | undefined;
  try {
    ready = await client.restore(stored.did);
  } catch (err) {
    // Revoked, refused at refresh, or forgotten: signed out. A PDS that does not answer keeps it.
    if (!hasNetworkCause(err)) {
      localStorage.removeItem(STORAGE_KEY);
      return { session: null, returned: null };
    }
  }
  const restored = await refreshed(cfg, live(client, stored, ready !== undefined, ready));
  if (restored.handle !== stored.handle)
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ ...stored, handle: restored.handle }));
  return { session: restored, returned: null };
}
