// Our account flows throw XrpcErrors; the provider's pages understand OAuth errors. A refusal (4xx)
// becomes an InvalidRequestError with the same message (HandleUnavailableError for handles, so the
// sign-up page marks the handle field); anything else stays as it is (a server error).
import { HandleUnavailableError, InvalidRequestError } from "@atproto/oauth-provider/errors";
import { XrpcError } from "../xrpc/errors.ts";

export function toOAuthError(err: unknown): unknown {
  if (!(err instanceof XrpcError) || err.status >= 500) return err;
  if (err.error === "HandleNotAvailable") return new HandleUnavailableError("taken", err.message, err);
  if (err.error === "InvalidHandle") return new HandleUnavailableError("syntax", err.message, err);
  if (err.error === "UnsupportedDomain") return new HandleUnavailableError("domain", err.message, err);
  return new InvalidRequestError(err.message, err);
}

// Runs one of our account flows for the provider, translating its refusals.
export async function asOAuth<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toOAuthError(err);
  }
}
