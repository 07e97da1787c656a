// The signed-in user's session, one of two kinds behind one `Agent` (see live-session.ts): OAuth at the
// user's own PDS (the default, oauth-session.ts) or an app password (the advanced fallback,
// password-session.ts). Tokens stay in this browser, never on our server. A PDS that cannot be reached
// keeps the session: the user stays signed in and the app says their PDS is unreachable. Beside it, the
// Worker session (use-worker-session.ts) lets Atrarium write its records into the user's repo.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { DashboardConfig } from "../config.ts";
import { useConfig } from "./config-context.tsx";
import type { LiveSession } from "./live-session.ts";
import { sameOriginForLoopback } from "./oauth-client.ts";
import { initOAuthSession, type OAuthReturn, startOAuthSignIn } from "./oauth-session.ts";
import {
  forgetPasswordSession,
  hasStoredPasswordSession,
  passwordSignIn,
  restorePasswordSession,
} from "./password-session.ts";
import { useWorkerSession, type WorkerSession } from "./use-worker-session.ts";
import type { WorkerReturn } from "./worker-session.ts";

export type { SessionKind } from "./live-session.ts";
export type { OAuthReturn } from "./oauth-session.ts";
export { isUnreachable, SignInError, type SignInFailure } from "./sign-in-error.ts";
export type { WorkerSession } from "./use-worker-session.ts";

export type SignedIn = { status: "signed-in" } & Omit<LiveSession, "signOut">;

export type SessionState = { status: "loading" } | { status: "signed-out" } | SignedIn;

interface SessionApi {
  state: SessionState;
  // OAuth: sends the tab to the user's PDS; it comes back to /oauth/callback and then to `returnTo`.
  signIn: (handle: string, returnTo: string) => Promise<void>;
  signInWithAppPassword: (handle: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  setPdsReachable: (reachable: boolean) => void;
  // Set when this page load came back from the PDS: where to go, or why signing in failed.
  oauthReturn: OAuthReturn | null;
  // The signed-in user's Worker session (writes through Atrarium's routes).
  worker: WorkerSession;
}

const SessionContext = createContext<SessionApi | null>(null);

interface Started {
  session: LiveSession | null;
  oauthReturn: OAuthReturn | null;
}

// Once per page (React's StrictMode runs effects twice; an OAuth callback can be redeemed only once).
let started: Promise<Started> | null = null;

async function start(cfg: DashboardConfig, onEnded: (did: string) => void): Promise<Started> {
  const oauth = await initOAuthSession(cfg, onEnded).catch(() => null);
  if (oauth?.returned) {
    // A fresh OAuth sign-in replaces an app-password session.
    if (oauth.session) forgetPasswordSession();
    return { session: oauth.session, oauthReturn: oauth.returned };
  }
  if (hasStoredPasswordSession())
    return { session: await restorePasswordSession(onEnded), oauthReturn: null };
  return { session: oauth?.session ?? null, oauthReturn: null };
}

const signedIn = ({ signOut: _, ...session }: LiveSession): SignedIn => ({ status: "signed-in", ...session });

// `workerReturn`: what the Worker's sign-in put in this page's address (taken off it before the router
// started, see main.tsx).
export function SessionProvider({
  children,
  workerReturn = null,
}: {
  children: ReactNode;
  workerReturn?: WorkerReturn | null;
}) {
  const cfg = useConfig();
  const [state, setState] = useState<SessionState>({ status: "loading" });
  const worker = useWorkerSession(cfg, state.status === "signed-in" ? state.did : null, workerReturn);
  const [live, setLive] = useState<LiveSession | null>(null);
  const [oauthReturn, setOauthReturn] = useState<OAuthReturn | null>(null);

  // The session of `did` ended elsewhere (another tab, a refused refresh).
  const ended = useCallback((did: string) => {
    setState((s) => (s.status === "signed-in" && s.did === did ? { status: "signed-out" } : s));
  }, []);

  const adopt = useCallback((session: LiveSession | null) => {
    setLive(session);
    setState(session ? signedIn(session) : { status: "signed-out" });
  }, []);

  useEffect(() => {
    // A loopback OAuth client works on 127.0.0.1 only: go there before anything is stored.
    const elsewhere = sameOriginForLoopback(cfg);
    if (elsewhere) {
      window.location.replace(elsewhere);
      return;
    }
    started ??= start(cfg, ended);
    let current = true;
    void started.then((s) => {
      if (!current) return;
      setOauthReturn(s.oauthReturn);
      adopt(s.session);
    });
    return () => {
      current = false;
    };
  }, [cfg, ended, adopt]);

  const endCurrent = useCallback(async () => {
    await live?.signOut().catch(() => {});
    setLive(null);
  }, [live]);

  const signIn = useCallback(
    async (handle: string, returnTo: string) => {
      setOauthReturn(null);
      await startOAuthSignIn(cfg, handle, returnTo);
    },
    [cfg],
  );

  const signInWithAppPassword = useCallback(
    async (handle: string, password: string) => {
      setOauthReturn(null);
      const session = await passwordSignIn(cfg, handle, password, ended);
      if (live && live.kind === "oauth") await endCurrent();
      adopt(session);
    },
    [cfg, ended, adopt, live, endCurrent],
  );

  const { logout: workerLogout } = worker;
  const signOut = useCallback(async () => {
    // The Worker session first: ending the PDS session signs the page out at once (onEnded).
    await workerLogout();
    await endCurrent();
    setState({ status: "signed-out" });
  }, [endCurrent, workerLogout]);

  const setPdsReachable = useCallback((reachable: boolean) => {
    setState((s) =>
      s.status === "signed-in" && s.pdsReachable !== reachable ? { ...s, pdsReachable: reachable } : s,
    );
  }, []);

  const api = useMemo(
    () => ({ state, signIn, signInWithAppPassword, signOut, setPdsReachable, oauthReturn, worker }),
    [state, signIn, signInWithAppPassword, signOut, setPdsReachable, oauthReturn, worker],
  );
  return <SessionContext.Provider value={api}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error("useSession outside SessionProvider");
  return ctx;
}
