// What an OAuth session may do, method by method, as the official PDS's `authorize:` callbacks
// (packages/pds/src/api/**): each method's `oauth` rule (xrpc/method.ts) uses these helpers. A method
// that takes a session and has no rule is refused to OAuth: a new method is closed until someone
// decides which scope it needs.
import { type RepoPermissionMatch, ScopeMissingError, type ScopePermissions } from "@atproto/oauth-scopes";
import type { PdsConfig } from "../config.ts";
import { CREATE_REPORT, defaultServiceFor } from "../proxy/default-service.ts";
import { XrpcError } from "../xrpc/errors.ts";
import type { OAuthAuthorize, OAuthRule } from "../xrpc/method.ts";

export const OAUTH_UNSUPPORTED = "OAuth credentials are not supported for this endpoint";
export const EMAIL_UPDATE_UNSUPPORTED =
  "Use the account manager interface to update email address associated with an account";

export const allowOAuth: OAuthAuthorize = () => {};

/** Refused to every OAuth session with the official PDS's 403 (xrpc-server's ForbiddenError). */
export function refuseOAuth(message = OAUTH_UNSUPPORTED): OAuthAuthorize {
  return () => {
    throw new XrpcError(403, "Forbidden", message);
  };
}

/**
 * Runs the method's rule for an OAuth caller. A missing scope answers as the official PDS does
 * (xrpc-server turns the library's ScopeMissingError, an http-error, into its status and name):
 * 403 `ScopeMissingError`, the message naming the scope that would allow the call.
 */
export function checkOAuthRule(
  rule: OAuthRule<never> | undefined,
  ...args: Parameters<OAuthAuthorize>
): void {
  const authorize = (rule === undefined || rule === "refuse" ? refuseOAuth() : rule) as OAuthAuthorize;
  try {
    authorize(...args);
  } catch (err) {
    throw scopeError(err);
  }
}

export function scopeError(err: unknown): unknown {
  if (err instanceof ScopeMissingError) return new XrpcError(403, "ScopeMissingError", err.message);
  return err;
}

/** A repo write: each action it performs on the collection needs its own `repo:` permission. */
export function assertRepoWrite(
  permissions: ScopePermissions,
  collection: string,
  ...actions: RepoPermissionMatch["action"][]
): void {
  for (const action of actions) permissions.assertRepo({ action, collection });
}

const WRITE_ACTIONS: Record<string, RepoPermissionMatch["action"]> = {
  "com.atproto.repo.applyWrites#create": "create",
  "com.atproto.repo.applyWrites#update": "update",
  "com.atproto.repo.applyWrites#delete": "delete",
};

/** applyWrites: every write of the batch, each by its action and collection. */
export const authorizeApplyWrites: OAuthAuthorize = (permissions, { input }) => {
  const { writes } = input as { writes: { $type?: string; collection: string }[] };
  for (const write of writes) {
    const action = WRITE_ACTIONS[write.$type ?? ""];
    // The lexicon's union is closed: validation has refused any other write type already.
    if (action) permissions.assertRepo({ action, collection: write.collection });
  }
};

// The service id each kind of default service is addressed by, as the official PDS's defaults.
const LABELER = "atproto_labeler";
const APPVIEW = "bsky_appview";

/**
 * The `aud` an `rpc:` permission must name for a call that goes (or would go) to another service: the
 * atproto-proxy header, else the configured default service as `did#serviceId` (official
 * computeProxyTo). A method we serve ourselves when no service is configured (preferences, local
 * reports) is addressed to this PDS standing in for that service: `<service DID>#<serviceId>`.
 */
export function rpcAudience(cfg: PdsConfig, req: Request, nsid: string): string {
  const header = req.headers.get("atproto-proxy");
  if (header) return header;
  const serviceId = nsid === CREATE_REPORT || nsid.startsWith("tools.ozone.") ? LABELER : APPVIEW;
  const service = defaultServiceFor(cfg, nsid);
  return `${service?.did ?? cfg.serviceDid}#${serviceId}`;
}

/** For a method whose call an rpc: permission covers (preferences, reports, proxied calls). */
export function authorizeRpc(nsid: string): OAuthAuthorize {
  return (permissions, { ctx, req }) =>
    permissions.assertRpc({ aud: rpcAudience(ctx.cfg, req, nsid), lxm: nsid });
}

/** createRecord, putRecord, deleteRecord: the actions on the body's collection. */
export function authorizeRecordWrite(...actions: RepoPermissionMatch["action"][]): OAuthAuthorize {
  return (permissions, { input }) =>
    assertRepoWrite(permissions, (input as { collection: string }).collection, ...actions);
}

/** uploadBlob: the declared Content-Type (as the official PDS), octet-stream when none is given. */
export const authorizeBlobUpload: OAuthAuthorize = (permissions, { req }) => {
  const declared = req.headers.get("content-type")?.split(";")[0].trim().toLowerCase();
  permissions.assertBlob({ mime: declared || "application/octet-stream" });
};

/** updateHandle needs identity:handle; the PLC operation methods the whole identity (identity:*). */
export function authorizeIdentity(attr: "handle" | "*"): OAuthAuthorize {
  return (permissions) => permissions.assertIdentity({ attr });
}

/** requestEmailConfirmation and confirmEmail share the official rule: account:email?action=manage. */
export const authorizeEmailManage: OAuthAuthorize = (permissions) =>
  permissions.assertAccount({ attr: "email", action: "manage" });

/** importRepo: account:repo?action=manage. */
export const authorizeRepoImport: OAuthAuthorize = (permissions) =>
  permissions.assertAccount({ attr: "repo", action: "manage" });

/** getServiceAuth: a token for `aud` and `lxm` (any method, `*`, when none is named). */
export const authorizeServiceAuth: OAuthAuthorize = (permissions, { params }) => {
  const { aud, lxm } = params as { aud: string; lxm?: string };
  permissions.assertRpc({ aud, lxm: lxm ?? "*" });
};
