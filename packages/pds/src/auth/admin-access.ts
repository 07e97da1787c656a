// An admin method's gate: whose credential it is (auth/admin-authenticator.ts), then whether that
// role may call the method (auth/admin-roles.ts). The administrator is noted on the request before
// the role check, so the audit log (observability/admin-actions.ts) names who was refused too, and
// a handler that needs to know who calls (the admin UI's getSession) reads it with adminCaller.
import type { AppContext } from "../context.ts";
import { XrpcError } from "../xrpc/errors.ts";
import type { AdminIdentity } from "./admin-authenticator.ts";
import { assertAdminRole } from "./admin-roles.ts";

const callers = new WeakMap<Request, AdminIdentity>();

export async function authorizeAdmin(ctx: AppContext, nsid: string, req: Request): Promise<AdminIdentity> {
  const admin = await ctx.admin.auth.verify(req.headers.get("authorization") ?? undefined);
  callers.set(req, admin);
  assertAdminRole(admin.role, nsid);
  return admin;
}

/** Undefined when the request presented no valid admin credential. */
export function adminCaller(req: Request): AdminIdentity | undefined {
  return callers.get(req);
}

/** For handlers of admin-auth methods, which the router only runs for a valid administrator. */
export function requireAdminCaller(req: Request): AdminIdentity {
  const admin = callers.get(req);
  if (!admin) throw new XrpcError(401, "AuthenticationRequired", "Authentication Required");
  return admin;
}
