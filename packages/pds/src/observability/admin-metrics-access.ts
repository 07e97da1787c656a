// Administrators may read /metrics too, with the Basic credential the admin UI already holds: its
// Overview charts scrape the PDS it is served by, wherever the admin is (so neither the operator's
// bearer token nor loopback would do). Any role may (the viewer reads what the others read). A request
// with another kind of credential, or none, is left to the operator rule. A wrong admin credential is
// refused and counted as a failed authentication, as it is on the admin XRPC methods. Reading metrics
// changes nothing, so it is not in the admin audit log.
import type { ExtraAccess, Logger } from "@atrarium/observability";
import type { AdminAuthenticator } from "../auth/admin-authenticator.ts";
import { noteAuthFailure } from "./auth-failures.ts";
import type { PdsMetrics } from "./pds-metrics.ts";

export function adminMetricsAccess(
  adminAuth: AdminAuthenticator,
  logger: Logger,
  metrics: PdsMetrics,
): ExtraAccess {
  return async (request) => {
    const header = request.headers.get("authorization") ?? undefined;
    if (!header?.startsWith("Basic ")) return undefined;
    try {
      await adminAuth.verify(header);
      return "allowed";
    } catch (err) {
      noteAuthFailure(logger, metrics.authFailure, "/metrics", err);
      return "refused";
    }
  };
}
