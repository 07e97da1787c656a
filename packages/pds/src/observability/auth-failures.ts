// Failed authentication, seen at the XRPC error edge: which reason, counted and logged at warn (the
// reason, the method and the request id; never a token, a password or an identifier). Classified from
// the lexicon error the method threw, so every way of failing auth is covered without each check
// reporting it. Authorization refusals (403) are not authentication failures and are not counted.
import type { Logger } from "@atrarium/observability";
import { BadAdminCredentials } from "../auth/admin-auth.ts";
import { XrpcError } from "../xrpc/errors.ts";

export const AUTH_FAILURE_REASONS = [
  "bad-password", // createSession with a wrong identifier or password
  "bad-admin-credentials", // an admin method called with a Basic credential that is not the admin's
  "missing-credentials", // a method that needs auth called without it
  "invalid-token", // a token that does not verify, has the wrong scope or was revoked
  "expired-token",
  "account-taken-down",
  "other", // any other 401 (a service JWT that does not verify, ...)
] as const;
export type AuthFailureReason = (typeof AUTH_FAILURE_REASONS)[number];

const LOGIN = "com.atproto.server.createSession";

/** The reason `err` (thrown by the method `nsid`) is an authentication failure, or null. */
export function authFailureReason(nsid: string, err: unknown): AuthFailureReason | null {
  if (!(err instanceof XrpcError)) return null;
  if (err instanceof BadAdminCredentials) return "bad-admin-credentials";
  switch (err.error) {
    case "AuthenticationRequired":
      return nsid === LOGIN ? "bad-password" : "missing-credentials";
    case "InvalidToken":
      return "invalid-token";
    case "ExpiredToken":
      return "expired-token";
    case "AccountTakedown":
      return "account-taken-down";
    // OAuth (auth/oauth-access.ts), in the library's RFC 6750/9449 names. A request without the
    // server's current DPoP nonce is the protocol's normal first round, not a failure.
    case "use_dpop_nonce":
      return null;
    case "invalid_token":
      return /expired|"exp" claim/i.test(err.message) ? "expired-token" : "invalid-token";
    case "invalid_dpop_proof":
      return "invalid-token";
    default:
      return err.status === 401 ? "other" : null;
  }
}

/** Counts and logs `err` if it is an authentication failure. */
export function noteAuthFailure(
  logger: Logger,
  count: (reason: AuthFailureReason) => void,
  nsid: string,
  err: unknown,
): void {
  const reason = authFailureReason(nsid, err);
  if (!reason) return;
  count(reason);
  logger.warn({ reason, nsid, error: (err as XrpcError).error }, "authentication failed");
}
