// Every call of an administration method (com.atproto.admin.*) leaves a line in the log: which method,
// the answer's status, and (by the logger's request context) the request id. One that did not succeed
// (refused, unknown, failed) is a warn: someone tried. Whatever admin methods the PDS serves, or
// proxies, are covered without each one logging for itself, and so is every other method that takes
// the admin credential (createInviteCode(s)).
import type { Logger } from "@atrarium/observability";
import type { MiddlewareHandler } from "hono";
import type { XrpcMethod } from "../xrpc/method.ts";

export const ADMIN_METHODS = "/xrpc/com.atproto.admin.*";

/** The paths whose calls are admin actions: com.atproto.admin.* and the admin-auth methods elsewhere. */
export function adminActionPaths(methods: Pick<XrpcMethod, "nsid" | "auth">[]): string[] {
  const elsewhere = methods.filter((m) => m.auth === "admin" && !m.nsid.startsWith("com.atproto.admin."));
  return [ADMIN_METHODS, ...elsewhere.map((m) => `/xrpc/${m.nsid}`)];
}

export function logAdminActions(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const nsid = c.req.path.slice("/xrpc/".length);
    const { status } = c.res;
    if (status >= 400) logger.warn({ nsid, status }, "admin action failed");
    else logger.info({ nsid, status }, "admin action");
  };
}
