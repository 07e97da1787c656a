// The app-password session (the "advanced" sign-in): an AtpAgent talking to the user's own PDS, its
// tokens kept in this browser's localStorage (never on our server). A PDS that cannot be reached keeps
// the session: the user stays signed in and the app says their PDS is unreachable.
import { AtpAgent, type AtpSessionData, type AtpSessionEvent } from "@atproto/api";
import type { DashboardConfig } from "../config.ts";
import { findPds, normalizeHandle } from "./identity.ts";
import type { LiveSession } from "./live-session.ts";
import { identityFailure, isUnreachable, SignInError } from "./sign-in-error.ts";

const STORAGE_KEY = "atrarium.session";

interface Stored {
  pdsUrl: string;
  session: AtpSessionData;
}

function readStored(): Stored | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    const parsed = raw ? (JSON.parse(raw) as Stored) : null;
    return parsed?.pdsUrl && parsed.session?.did ? parsed : null;
  } catch {
    return null;
  }
}

export function hasStoredPasswordSession(): boolean {
  return readStored() !== null;
}

export function forgetPasswordSession(): void {
  localStorage.removeItem(STORAGE_KEY);
}

function isAuthError(err: unknown): boolean {
  const status = (err as { status?: unknown })?.status;
  return status === 400 || status === 401;
}

// `onEnded(did)`: the PDS refused the tokens (expired, revoked); the session is gone.
function makeAgent(pdsUrl: string, onEnded: (did: string) => void): AtpAgent {
  const agent: AtpAgent = new AtpAgent({
    service: pdsUrl,
    persistSession: (evt: AtpSessionEvent, session: AtpSessionData | undefined) => {
      if (evt === "expired" || evt === "create-failed" || !session) {
        const did = agent.session?.did;
        forgetPasswordSession();
        if (evt === "expired" && did) onEnded(did);
        return;
      }
      localStorage.setItem(STORAGE_KEY, JSON.stringify({ pdsUrl, session } satisfies Stored));
    },
  });
  return agent;
}

function live(agent: AtpAgent, pdsUrl: string, handle: string, pdsReachable: boolean): LiveSession {
  return {
    kind: "app-password",
    agent,
    did: agent.assertDid,
    handle,
    pdsUrl,
    pdsReachable,
    signOut: async () => {
      await agent.logout().catch(() => {});
      forgetPasswordSession();
    },
  };
}

// The session this browser kept, checked with its PDS; null when there is none or the PDS refused it.
export async function restorePasswordSession(onEnded: (did: string) => void): Promise<LiveSession | null> {
  const stored = readStored();
  if (!stored) return null;
  const agent = makeAgent(stored.pdsUrl, onEnded);
  // Not resumeSession(): it rotates the refresh token on every page load, and refresh tokens are
  // single-use, so two tabs (or a reload during a refresh) would sign each other out. getSession
  // refreshes only when the access token has expired.
  agent.sessionManager.session = stored.session;
  // Another tab refreshed the tokens: use its pair, the old refresh token is spent.
  window.addEventListener("storage", (e) => {
    if (e.key !== STORAGE_KEY || !e.newValue) return;
    const next = readStored();
    if (next && next.session.did === agent.session?.did) agent.sessionManager.session = next.session;
  });
  try {
    const res = await agent.com.atproto.server.getSession();
    return live(agent, stored.pdsUrl, res.data.handle, true);
  } catch (err) {
    // A refused token already signed us out (persist "expired"); an unreachable PDS keeps the session.
    if (agent.hasSession && (isUnreachable(err) || !isAuthError(err)))
      return live(agent, stored.pdsUrl, stored.session.handle, !isUnreachable(err));
    forgetPasswordSession();
    return null;
  }
}

export async function passwordSignIn(
  cfg: DashboardConfig,
  handle: string,
  password: string,
  onEnded: (did: string) => void,
): Promise<LiveSession> {
  let pdsUrl: string;
  try {
    pdsUrl = (await findPds(cfg, handle)).pds;
  } catch (err) {
    throw identityFailure(err);
  }
  const agent = makeAgent(pdsUrl, onEnded);
  try {
    await agent.login({ identifier: normalizeHandle(handle), password });
  } catch (err) {
    if (isUnreachable(err)) throw new SignInError("unreachable", (err as Error).message);
    if (isAuthError(err)) throw new SignInError("wrong-password", (err as Error).message);
    throw new SignInError("other", (err as Error).message);
  }
  return live(agent, pdsUrl, (agent.session as AtpSessionData).handle, true);
}
