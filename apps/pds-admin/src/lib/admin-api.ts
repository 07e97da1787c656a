// The PDS's admin API as the browser calls it, all through @atproto/api's AtpAgent with the
// administrator's HTTP Basic credential: the official com.atproto.admin.* methods as the agent knows
// them, and Aurora Locus's own net.atrarium.pds.admin.* methods once their lexicons (from
// @atrarium/lexicon) are added to the agent, so their answers are checked against them too. The app is
// served by the PDS it administers, so calls go to its own origin.
import { AtpAgent, type ComAtprotoAdminDefs } from "@atproto/api";
import {
  type AdminRole,
  PDS_LEXICON_DOCS,
  type PdsAdminCreateAdminInput,
  type PdsAdminCreateAdminOutput,
  type PdsAdminDefsAccountView,
  type PdsAdminDefsAdminView,
  type PdsAdminDefsAuditEntry,
  type PdsAdminDefsReportView,
  type PdsAdminDeleteAdminInput,
  type PdsAdminEmitLabelsInput,
  type PdsAdminEmitLabelsOutput,
  type PdsAdminGetJobsJobView,
  type PdsAdminGetJobsOutput,
  type PdsAdminGetServerStatsOutput,
  type PdsAdminGetSessionOutput,
  type PdsAdminListAdminsOutput,
  type PdsAdminListAuditLogOutput,
  type PdsAdminListAuditLogParams,
  type PdsAdminListReportsOutput,
  type PdsAdminListReportsParams,
  type PdsAdminResolveReportInput,
  type PdsAdminResolveReportOutput,
  type PdsAdminSearchAccountsOutput,
  type PdsAdminSearchAccountsParams,
  type PdsAdminUpdateAdminInput,
  type PdsAdminUpdateAdminOutput,
} from "@atrarium/lexicon";

export class AdminApiError extends Error {
  readonly status: number;
  readonly error: string;

  constructor(status: number, error: string, message: string) {
    super(message);
    this.status = status;
    this.error = error;
  }
}

export type AccountView = ComAtprotoAdminDefs.AccountView;
export type SearchedAccount = PdsAdminDefsAccountView;
export type AccountStatus = SearchedAccount["status"];
export type ServerStats = PdsAdminGetServerStatsOutput;
export type AuditEntry = PdsAdminDefsAuditEntry;
export type ReportView = PdsAdminDefsReportView;
export type JobView = PdsAdminGetJobsJobView;
export type AdminView = PdsAdminDefsAdminView;
// Who is signed in (admin roles): `admin` with the owner role for the break-glass password.
export interface AdminIdentity {
  name: string;
  role: AdminRole;
}

interface OwnQueries {
  "net.atrarium.pds.admin.searchAccounts": [PdsAdminSearchAccountsParams, PdsAdminSearchAccountsOutput];
  "net.atrarium.pds.admin.getServerStats": [Record<string, never>, PdsAdminGetServerStatsOutput];
  "net.atrarium.pds.admin.getJobs": [Record<string, never>, PdsAdminGetJobsOutput];
  "net.atrarium.pds.admin.listAuditLog": [PdsAdminListAuditLogParams, PdsAdminListAuditLogOutput];
  "net.atrarium.pds.admin.listReports": [PdsAdminListReportsParams, PdsAdminListReportsOutput];
  "net.atrarium.pds.admin.getSession": [Record<string, never>, PdsAdminGetSessionOutput];
  "net.atrarium.pds.admin.listAdmins": [Record<string, never>, PdsAdminListAdminsOutput];
}
interface OwnProcedures {
  "net.atrarium.pds.admin.resolveReport": [PdsAdminResolveReportInput, PdsAdminResolveReportOutput];
  "net.atrarium.pds.admin.emitLabels": [PdsAdminEmitLabelsInput, PdsAdminEmitLabelsOutput];
  "net.atrarium.pds.admin.createAdmin": [PdsAdminCreateAdminInput, PdsAdminCreateAdminOutput];
  "net.atrarium.pds.admin.updateAdmin": [PdsAdminUpdateAdminInput, PdsAdminUpdateAdminOutput];
  "net.atrarium.pds.admin.deleteAdmin": [PdsAdminDeleteAdminInput, unknown];
}

export interface AdminApi {
  // The official methods: agent.com.atproto.admin.* and the rest of @atproto/api.
  agent: AtpAgent;
  query<N extends keyof OwnQueries>(nsid: N, params: OwnQueries[N][0]): Promise<OwnQueries[N][1]>;
  procedure<N extends keyof OwnProcedures>(nsid: N, input: OwnProcedures[N][0]): Promise<OwnProcedures[N][1]>;
  /** The PDS's /metrics (Prometheus text), which it also serves to the administrator's credential. */
  metricsText(): Promise<string>;
}

// `admin` with PDS_ADMIN_PASSWORD (break-glass), or an administrator account's name and password.
export function basicCredential(name: string, password: string): string {
  // btoa takes Latin-1 only: encode the UTF-8 bytes of a password with other characters first.
  const bytes = new TextEncoder().encode(`${name}:${password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

// The status, error name and message of whatever a call threw (XRPCError of @atproto/xrpc, ours, or a
// network failure), so pages need not know which client failed.
export function toAdminApiError(err: unknown): AdminApiError {
  if (err instanceof AdminApiError) return err;
  const e = err as { status?: unknown; error?: unknown; message?: unknown };
  // @atproto/xrpc numbers its own failures below 100 (1: no answer, 2: an answer off its lexicon).
  const status = typeof e?.status === "number" && e.status >= 100 ? e.status : 0;
  const name = typeof e?.error === "string" ? e.error : status === 0 ? "NetworkError" : `HTTP${status}`;
  return new AdminApiError(status, name, typeof e?.message === "string" ? e.message : String(err));
}

export const isUnreachable = (e: AdminApiError) =>
  e.status === 0 && (e.error === "NetworkError" || e.error === "Unknown");

export function createAdminApi(credential: string, onUnauthorized: () => void): AdminApi {
  // A refused credential ends the admin session wherever it shows up.
  const fetchAsAdmin: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (res.status === 401) onUnauthorized();
    return res;
  };
  const agent = new AtpAgent({
    service: window.location.origin,
    fetch: (input, init) => fetchAsAdmin(input, init),
  });
  agent.setHeader("authorization", credential);
  for (const doc of PDS_LEXICON_DOCS) agent.lex.add(doc);

  const call = async (nsid: string, params: object, input?: object): Promise<never> => {
    try {
      const res = await agent.call(nsid, params as Record<string, string>, input);
      return res.data as never;
    } catch (err) {
      throw toAdminApiError(err);
    }
  };
  return {
    agent,
    query: (nsid, params) => call(nsid, params),
    procedure: (nsid, input) => call(nsid, {}, input),
    metricsText: async () => {
      let res: Response;
      try {
        res = await fetchAsAdmin(new URL("/metrics", window.location.origin), {
          headers: { authorization: credential },
        });
      } catch (err) {
        throw new AdminApiError(0, "NetworkError", String(err));
      }
      if (res.ok) return res.text();
      const body = (await res.json().catch(() => ({}))) as { error?: string; message?: string };
      throw new AdminApiError(res.status, body.error ?? `HTTP${res.status}`, body.message ?? res.statusText);
    },
  };
}
