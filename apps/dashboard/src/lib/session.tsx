// The signed-in user's session: an AtpAgent talking to their own PDS, kept in this browser's
// localStorage (never on our server). A PDS that cannot be reached keeps the session: the user stays
// signed in and the app says their PDS is unreachable instead of signing them out.
import { AtpAgent, type AtpSessionData, type AtpSessionEvent } from "@atproto/api";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { useConfig } from "./config-context.tsx";
import { findPds, IdentityError } from "./identity.ts";

const STORAGE_KEY = "atrarium.session";

export interface SignedIn {
  status: "signed-in";
  agent: AtpAgent;
  did: string;
  handle: string;
  pdsUrl: string;
  // False after a call to the user's PDS failed for lack of an answer; true again after one succeeds.
  pdsReachable: boolean;
}

export type SessionState = { status: "loading" } | { status: "signed-out" } | SignedIn;

export type SignInFailure = "wrong-password" | "unknown-handle" | "unreachable" | "other";

export class SignInError extends Error {
  readonly kind: SignInFailure;

  constructor(kind: SignInFailure, message: string) {
    super(message);
    this.kind = kind;
  }
}

interface SessionApi {
  state: SessionState;
  signIn: (handle: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  setPdsReachable: (reachable: boolean) => void;
}

interface Stored {
  pdsUrl: string;
  session: AtpSessionData;
}

const SessionContext = createContext<SessionApi | null>(null);

// An XRPC call that got no answer (network error) or a gateway error: the PDS is down, not the user wrong.
export function isUnreachable(err: unknown): boolean {
  if (err instanceof TypeError) return true;
  const status = (err as { status?: unknown })?.status;
  return status === 1 || status === 502 || status === 503 || status === 504;
}

function isAuthError(err: unknown): boolean {
  const status = (err as { status?: unknown })?.status;
  return status === 400 || status === 401;
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

export function SessionProvider({ children }: { children: ReactNode }) {
  const cfg = useConfig();
  const [state, setState] = useState<SessionState>({ status: "loading" });

  const makeAgent = useCallback((pdsUrl: string) => {
    const persist = (evt: AtpSessionEvent, session: AtpSessionData | undefined) => {
      if (evt === "expired" || evt === "create-failed" || !session) {
        localStorage.removeItem(STORAGE_KEY);
        if (evt === "expired") setState({ status: "signed-out" });
        return;
      }
      localStorage.setItem(STORAGE_KEY, JSON.stringify({ pdsUrl, session } satisfies Stored));
    };
    return new AtpAgent({ service: pdsUrl, persistSession: persist });
  }, []);

  useEffect(() => {
    const stored = readStored();
    if (!stored) {
      setState({ status: "signed-out" });
      return;
    }
    const agent = makeAgent(stored.pdsUrl);
    const signedIn = (pdsReachable: boolean, handle = stored.session.handle): SignedIn => ({
      status: "signed-in",
      agent,
      did: stored.session.did,
      handle,
      pdsUrl: stored.pdsUrl,
      pdsReachable,
    });
    // Not resumeSession(): it rotates the refresh token on every page load, and refresh tokens are
    // single-use, so two tabs (or a reload during a refresh) would sign each other out. getSession
    // refreshes only when the access token has expired.
    agent.sessionManager.session = stored.session;
    agent.com.atproto.server.getSession().then(
      (res) => setState(signedIn(true, res.data.handle)),
      (err: unknown) => {
        // A refused token already signed us out (persist "expired"); an unreachable PDS keeps the session.
        if (agent.hasSession && (isUnreachable(err) || !isAuthError(err)))
          setState(signedIn(!isUnreachable(err)));
        else {
          localStorage.removeItem(STORAGE_KEY);
          setState({ status: "signed-out" });
        }
      },
    );
    // Another tab refreshed the tokens: use its pair, the old refresh token is spent.
    const onStorage = (e: StorageEvent) => {
      if (e.key !== STORAGE_KEY || !e.newValue) return;
      const next = readStored();
      if (next && next.session.did === agent.session?.did) agent.sessionManager.session = next.session;
    };
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, [makeAgent]);

  const signIn = useCallback(
    async (handle: string, password: string) => {
      let pdsUrl: string;
      try {
        pdsUrl = (await findPds(cfg, handle)).pds;
      } catch (err) {
        if (err instanceof IdentityError)
          throw new SignInError(err.kind === "unreachable" ? "unreachable" : "unknown-handle", err.message);
        throw new SignInError("other", (err as Error).message);
      }
      const agent = makeAgent(pdsUrl);
      try {
        await agent.login({ identifier: handle.trim().replace(/^@/, ""), password });
      } catch (err) {
        if (isUnreachable(err)) throw new SignInError("unreachable", (err as Error).message);
        const status = (err as { status?: number }).status;
        if (status === 401 || status === 400) throw new SignInError("wrong-password", (err as Error).message);
        throw new SignInError("other", (err as Error).message);
      }
      const session = agent.session as AtpSessionData;
      setState({
        status: "signed-in",
        agent,
        did: session.did,
        handle: session.handle,
        pdsUrl,
        pdsReachable: true,
      });
    },
    [cfg, makeAgent],
  );

  const signOut = useCallback(async () => {
    if (state.status === "signed-in") await state.agent.logout().catch(() => {});
    localStorage.removeItem(STORAGE_KEY);
    setState({ status: "signed-out" });
  }, [state]);

  const setPdsReachable = useCallback((reachable: boolean) => {
    setState((s) =>
      s.status === "signed-in" && s.pdsReachable !== reachable ? { ...s, pdsReachable: reachable } : s,
    );
  }, []);

  const api = useMemo(
    () => ({ state, signIn, signOut, setPdsReachable }),
    [state, signIn, signOut, setPdsReachable],
  );
  return <SessionContext.Provider value={api}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error("useSession outside SessionProvider");
  return ctx;
}
