// Every call of an administration method (com.atproto.admin.*) leaves a line in the log: which method,
// the answer's status, and (by the logger's request context) the request id. One that did not succeed
// (refused, unknown, failed) is a warn: someone tried. Whatever admin methods the PDS serves, or
// proxies, are covered without each one logging for itself; today it serves none.
import type { Logger } from "@atrarium/observability";
import type { MiddlewareHandler } from "hono";

export const ADMIN_METHODS = "/xrpc/com.atproto.admin.*";

export function logAdminActions(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const nsid = c.req.path.slice("/xrpc/".length);
    const { status } = c.res;
    if (status >= 400) logger.warn({ nsid, status }, "admin action failed");
    else logger.info({ nsid, status }, "admin action");
  };
}
