// The administrator's session: the Basic credential typed at sign-in, kept in sessionStorage only (gone
// when the tab closes, never sent anywhere but this PDS), and the API client built on it. A 401 from
// any call signs out, so a changed PDS_ADMIN_PASSWORD sends the admin back to the sign-in form.
import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import {
  type AdminApi,
  basicCredential,
  createAdminApi,
  isUnreachable,
  toAdminApiError,
} from "./admin-api.ts";

const STORAGE_KEY = "aurora-locus-admin.credential";

export type SignInResult = "ok" | "wrong-password" | "unreachable";

interface AdminSession {
  api: AdminApi | null;
  // Why the last session ended, when the server ended it.
  expired: boolean;
  signIn: (password: string) => Promise<SignInResult>;
  signOut: () => void;
}

const SessionContext = createContext<AdminSession | null>(null);

export function AdminSessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [credential, setCredential] = useState<string | null>(() => sessionStorage.getItem(STORAGE_KEY));
  const [expired, setExpired] = useState(false);

  const end = useCallback(
    (byServer: boolean) => {
      sessionStorage.removeItem(STORAGE_KEY);
      setCredential(null);
      setExpired(byServer);
      queryClient.clear();
    },
    [queryClient],
  );

  const api = useMemo(
    () => (credential ? createAdminApi(credential, () => end(true)) : null),
    [credential, end],
  );

  const signIn = useCallback(async (password: string): Promise<SignInResult> => {
    const candidate = basicCredential(password);
    // Checked on a read that needs the credential and changes nothing.
    const probe = createAdminApi(candidate, () => {});
    try {
      await probe.agent.com.atproto.admin.getInviteCodes({ limit: 1 });
    } catch (err) {
      const e = toAdminApiError(err);
      if (e.status === 401) return "wrong-password";
      if (isUnreachable(e)) return "unreachable";
      // Any other answer got past authentication.
    }
    sessionStorage.setItem(STORAGE_KEY, candidate);
    setExpired(false);
    setCredential(candidate);
    return "ok";
  }, []);

  const value = useMemo<AdminSession>(
    () => ({ api, expired, signIn, signOut: () => end(false) }),
    [api, expired, signIn, end],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useAdminSession(): AdminSession {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error("useAdminSession outside AdminSessionProvider");
  return ctx;
}

// The API client of a page that only renders signed in (the layout shows the sign-in form otherwise).
export function useAdminApi(): AdminApi {
  const { api } = useAdminSession();
  if (!api) throw new Error("useAdminApi while signed out");
  return api;
}
