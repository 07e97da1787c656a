// The administrator's session: the Basic credential typed at sign-in (a name and password: `admin`
// with PDS_ADMIN_PASSWORD, or an administrator account), kept in sessionStorage only (gone when the
// tab closes, never sent anywhere but this PDS), the API client built on it, and who it is with its
// role (admin roles, net.atrarium.pds.admin.getSession). A 401 from any call signs out, so a changed
// password or a removed administrator sends the admin back to the sign-in form. The role only decides
// what the pages show; the server checks every call itself.
import { adminRoleMayCall, isAdminRole } from "@atrarium/lexicon";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import {
  type AdminApi,
  type AdminIdentity,
  basicCredential,
  createAdminApi,
  toAdminApiError,
} from "./admin-api.ts";

const STORAGE_KEY = "aurora-locus-admin.credential";
const IDENTITY_QUERY = ["adminSession"];

export type SignInResult = "ok" | "wrong-password" | "unreachable";

interface AdminSession {
  api: AdminApi | null;
  // Who is signed in; null while that is being asked after a reload (nothing is offered meanwhile).
  admin: AdminIdentity | null;
  // Why the last session ended, when the server ended it.
  expired: boolean;
  signIn: (name: string, password: string) => Promise<SignInResult>;
  signOut: () => void;
}

const SessionContext = createContext<AdminSession | null>(null);

// A role this UI does not know (a newer server's) is offered what the least one may do.
function toIdentity(session: { name: string; role: string }): AdminIdentity {
  return { name: session.name, role: isAdminRole(session.role) ? session.role : "viewer" };
}

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
  // Asked again on each load of the app, so a role the owner changed shows after a reload; a
  // credential no longer taken answers 401 here first and signs the tab out.
  const identity = useQuery({
    queryKey: IDENTITY_QUERY,
    enabled: api !== null,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async (): Promise<AdminIdentity> => {
      return toIdentity(await (api as AdminApi).query("net.atrarium.pds.admin.getSession", {}));
    },
  });

  const signIn = useCallback(
    async (name: string, password: string): Promise<SignInResult> => {
      const candidate = basicCredential(name, password);
      // Who the credential is: a read that needs it and changes nothing.
      const probe = createAdminApi(candidate, () => {});
      let admin: AdminIdentity;
      try {
        admin = toIdentity(await probe.query("net.atrarium.pds.admin.getSession", {}));
      } catch (err) {
        // Any other failure leaves the role unknown: as good as not reaching the server.
        return toAdminApiError(err).status === 401 ? "wrong-password" : "unreachable";
      }
      sessionStorage.setItem(STORAGE_KEY, candidate);
      queryClient.setQueryData(IDENTITY_QUERY, admin);
      setExpired(false);
      setCredential(candidate);
      return "ok";
    },
    [queryClient],
  );

  const admin = api ? (identity.data ?? null) : null;
  const value = useMemo<AdminSession>(
    () => ({ api, admin, expired, signIn, signOut: () => end(false) }),
    [api, admin, expired, signIn, end],
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

/** Whether the signed-in role may call an admin method (the table in @atrarium/lexicon). */
export function useMayCall(): (nsid: string) => boolean {
  const { admin } = useAdminSession();
  return useCallback((nsid: string) => (admin ? adminRoleMayCall(admin.role, nsid) : false), [admin]);
}
