// Why a sign-in failed, in the words the sign-in page shows (one message per kind), and how to tell
// from an error that the user's PDS did not answer (network down, gateway error) rather than refused.
import { IdentityError } from "./identity.ts";

export type SignInFailure =
  | "wrong-password"
  | "unknown-handle"
  | "unreachable"
  // The PDS answered but is no OAuth authorization server: the app-password form still works.
  | "no-oauth"
  // The user pressed "Deny" (or cancelled) on their PDS's consent page.
  | "denied"
  | "other";

export class SignInError extends Error {
  readonly kind: SignInFailure;

  constructor(kind: SignInFailure, message: string) {
    super(message);
    this.kind = kind;
  }
}

// An XRPC call that got no answer (network error) or a gateway error: the PDS is down, not the user wrong.
// An OAuth session's fetch reports a failed fetch as a FetchRequestError with status 500 (wrapped in an
// XRPCError), so the chain of causes is searched too.
export function isUnreachable(err: unknown): boolean {
  if (err instanceof TypeError || hasNetworkCause(err)) return true;
  const status = (err as { status?: unknown })?.status;
  return status === 1 || status === 502 || status === 503 || status === 504;
}

// Somewhere in the chain of causes, a fetch that got no answer.
export function hasNetworkCause(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++)
    if (e instanceof TypeError && /fetch|network/i.test(e.message)) return true;
  return false;
}

export function identityFailure(err: unknown): SignInError {
  if (err instanceof IdentityError)
    return new SignInError(err.kind === "unreachable" ? "unreachable" : "unknown-handle", err.message);
  return new SignInError("other", (err as Error).message);
}
