// The Worker session of the signed-in user as React state (worker-session.ts keeps it in localStorage):
// the token the API client sends with write procedures, why the last sign-in at the Worker failed, and
// how to start one, forget a refused token, or end it at sign-out. Other tabs' changes (a sign-out, a
// fresh token) arrive through the storage event.
import { useCallback, useEffect, useMemo, useState } from "react";
import type { DashboardConfig } from "../config.ts";
import {
  forgetWorkerToken,
  WORKER_SESSIONS_KEY,
  type WorkerReturn,
  workerLoginUrl,
  workerLogout,
  workerTokenFor,
} from "./worker-session.ts";

export interface WorkerSessionFailure {
  code: string;
  description: string;
}

export interface WorkerSession {
  // The signed-in user's token; null: Atrarium cannot write for them from this browser yet.
  token: string | null;
  // The last trip to the Worker's sign-in came back with an error (cancelled at the PDS, …).
  failure: WorkerSessionFailure | null;
  // Where to send the tab to let Atrarium write, coming back to `returnTo`; null when signed out.
  loginUrl: (returnTo: string) => string | null;
  // The Worker refused `token` (expired, revoked): forget it, so the UI asks again.
  refused: (token: string) => void;
  // Sign-out: ends the Worker session and forgets the token.
  logout: () => Promise<void>;
}

export function useWorkerSession(
  cfg: DashboardConfig,
  did: string | null,
  returned: WorkerReturn | null,
): WorkerSession {
  // Bumped whenever the stored tokens may have changed, here or in another tab.
  const [version, setVersion] = useState(0);
  const [failure, setFailure] = useState<WorkerSessionFailure | null>(
    returned?.kind === "error" ? { code: returned.code, description: returned.description } : null,
  );

  useEffect(() => {
    const onStorage = (e: StorageEvent) => {
      if (e.key === WORKER_SESSIONS_KEY || e.key === null) setVersion((v) => v + 1);
    };
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` marks a change of the stored tokens
  const token = useMemo(() => (did ? workerTokenFor(localStorage, did) : null), [did, version]);

  const loginUrl = useCallback(
    (returnTo: string) => (did ? workerLoginUrl(cfg.workerUrl, did, returnTo) : null),
    [cfg.workerUrl, did],
  );

  const refused = useCallback(
    (stale: string) => {
      if (!did) return;
      forgetWorkerToken(localStorage, did, stale);
      setVersion((v) => v + 1);
    },
    [did],
  );

  const logout = useCallback(async () => {
    setFailure(null);
    if (!did || !token) return;
    forgetWorkerToken(localStorage, did);
    setVersion((v) => v + 1);
    await workerLogout(cfg.workerUrl, token);
  }, [cfg.workerUrl, did, token]);

  return useMemo(
    () => ({ token, failure, loginUrl, refused, logout }),
    [token, failure, loginUrl, refused, logout],
  );
}
