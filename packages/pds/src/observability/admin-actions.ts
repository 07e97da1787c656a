// Every call of an administration method (com.atproto.admin.*) leaves a line in the log: which method,
// the answer's status, and (by the logger's request context) the request id. One that did not succeed
// (refused, unknown, failed) is a warn: someone tried. Whatever admin methods the PDS serves, or
// proxies, are covered without each one logging for itself, and so is every other method that takes
// the admin credential (createInviteCode(s), net.atrarium.pds.admin.*).
// A call that presents credentials (an Authorization header, the right one or not) also goes into the
// audit log (admin/audit-log.ts) with what it acted on and which administrator called (admin roles,
// auth/admin-access.ts), when the credential was valid; a call with none is only logged, so anonymous
// probing cannot push the administrator's own entries out of the bounded log.
import type { Logger } from "@atrarium/observability";
import type { MiddlewareHandler } from "hono";
import type { SqliteAuditLog } from "../admin/audit-log.ts";
import { auditSubject } from "../admin/audit-subject.ts";
import { adminCaller } from "../auth/admin-access.ts";
import type { XrpcMethod } from "../xrpc/method.ts";
import { validatedRequest } from "../xrpc/request-input.ts";

export const ADMIN_METHODS = "/xrpc/com.atproto.admin.*";

/** The paths whose calls are admin actions: com.atproto.admin.* and the admin-auth methods elsewhere. */
export function adminActionPaths(methods: Pick<XrpcMethod, "nsid" | "auth">[]): string[] {
  const elsewhere = methods.filter((m) => m.auth === "admin" && !m.nsid.startsWith("com.atproto.admin."));
  return [ADMIN_METHODS, ...elsewhere.map((m) => `/xrpc/${m.nsid}`)];
}

export function logAdminActions(logger: Logger, auditLog: SqliteAuditLog): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const nsid = c.req.path.slice("/xrpc/".length);
    const { status } = c.res;
    const admin = adminCaller(c.req.raw);
    if (status >= 400) logger.warn({ nsid, status, admin: admin?.name }, "admin action failed");
    else logger.info({ nsid, status, admin: admin?.name }, "admin action");
    if (!c.req.header("authorization")) return;
    try {
      auditLog.record({
        nsid,
        status,
        subject: callSubject(c.req.raw, c.req.queries()),
        requestId: c.get("requestId"),
        ...(admin ? { adminName: admin.name, adminRole: admin.role } : {}),
      });
    } catch (err) {
      // The answer is already made: a failed audit write is the operator's problem, not the caller's.
      logger.error({ err, nsid }, "could not write the admin audit log");
    }
  };
}

// The validated input and parameters when the router got that far; else (a refused call) what the
// query string says, which is all there is to go by before the body is read.
function callSubject(req: Request, query: Record<string, string[]>): string | undefined {
  const validated = validatedRequest(req);
  if (validated) return auditSubject(validated.input, validated.params);
  return auditSubject(
    Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v.length === 1 ? v[0] : v])),
  );
}
