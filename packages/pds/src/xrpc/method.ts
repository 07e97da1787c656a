// The shape of one XRPC method: each file under src/api/<nsid path> exports one of these.
import type { ScopePermissionsTransition } from "@atproto/oauth-scopes";
import type { PdsConfig } from "../config.ts";
import type { AppContext } from "../context.ts";
import type { RateLimitSpec } from "../rate-limit/types.ts";

// "access" takes any session, app-password ones included; "access-full" only a session made with the
// account password (account management: the official PDS's ACCESS_FULL). "admin" takes only an
// administrator's HTTP Basic credential (auth/admin-authenticator.ts) whose role may call the method
// (the table in auth/admin-roles.ts); the handler gets no caller (auth/admin-access.ts: adminCaller).
export type AuthMode = "none" | "optional" | "access" | "access-full" | "refresh" | "admin";

export interface Caller {
  did: string;
  token: string;
  jti?: string;
  // The token's scope (auth/scopes.ts) and login id.
  scope?: string;
  sessionId?: string;
  // Set for a DPoP-bound OAuth access token (auth/oauth-access.ts): `scope` is then unset (an OAuth
  // session is never "full access" nor an app password), and what it may do is `permissions`.
  oauth?: OAuthCaller;
}

export interface OAuthCaller {
  clientId: string;
  permissions: ScopePermissionsTransition;
}

// What an OAuth session may do with a method, as the official PDS's `authorize:` callbacks: throws
// (ScopeMissingError, or a 403 XrpcError) to refuse. Runs after params and input are validated, so
// checks that depend on the body (the collections a write touches) live here too.
export type OAuthAuthorize<P = Record<string, unknown>> = (
  permissions: ScopePermissionsTransition,
  request: { ctx: AppContext; params: P; input: unknown; req: Request },
) => void;

// "refuse": the method answers an OAuth session 403 "OAuth credentials are not supported for this
// endpoint" (account management that must go through the account password). A method that takes a
// session and says nothing is refused the same way (auth/oauth-permissions.ts).
export type OAuthRule<P = Record<string, unknown>> = OAuthAuthorize<P> | "refuse";

export interface MethodRequest<P = Record<string, unknown>> {
  params: P;
  input: unknown;
  caller: Caller | null;
  req: Request;
}

export type MethodResult =
  | { json: unknown; status?: number; headers?: Record<string, string> }
  | { bytes: Uint8Array; encoding: string; headers?: Record<string, string> }
  // A streamed or partial body (getBlob): the handler sets status and headers itself.
  | { response: Response }
  | { empty: true };

export interface XrpcMethod {
  nsid: string;
  type: "query" | "procedure";
  auth: AuthMode;
  // The handler reads a non-JSON body itself (streaming, with its own size limit), e.g. uploadBlob.
  rawInput?: boolean;
  // The most body bytes the router reads for this method; by default, by the lexicon's input encoding
  // (see xrpc/router.ts). Record writes take more than other JSON, as in the official PDS.
  bodyLimit?: (cfg: PdsConfig) => number;
  // Served here only when no service takes it (no atproto-proxy header, none configured): reports
  // go to the moderation service when there is one, else to the local queue.
  onlyWithoutService?: boolean;
  // Budgets beyond the global per-address one (rate-limit/limits.ts), checked after auth and input
  // validation: per-account keys need the caller, createSession's the identifier.
  rateLimits?: readonly RateLimitSpec[];
  oauth?: OAuthRule<never>;
  handler: (ctx: AppContext, req: MethodRequest<never>) => Promise<MethodResult>;
}

// Typed helper so each method file gets its params typed while the registry stays uniform.
export function method<P = Record<string, unknown>>(def: {
  nsid: string;
  type: "query" | "procedure";
  auth: AuthMode;
  rawInput?: boolean;
  bodyLimit?: (cfg: PdsConfig) => number;
  onlyWithoutService?: boolean;
  rateLimits?: readonly RateLimitSpec[];
  oauth?: OAuthRule<P>;
  handler: (ctx: AppContext, req: MethodRequest<P>) => Promise<MethodResult>;
}): XrpcMethod {
  return def as unknown as XrpcMethod;
}
