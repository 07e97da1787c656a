// Checking a sign-in (identifier + password), shared by com.atproto.server.createSession and the OAuth
// sign-in page. The identifier is a handle, an email address or a DID. App passwords are accepted only
// when the caller says so (createSession does; OAuth does not: an app password must not open a
// full-scope OAuth session). A taken-down account is refused after its password is checked, so the
// refusal does not tell a stranger the account exists.

import { verifyPassword } from "../auth/password.ts";
import type { AppContext } from "../context.ts";
import { XrpcError } from "../xrpc/errors.ts";
import type { AppPasswordInfo } from "./app-passwords.ts";
import { assertNotTakenDown } from "./takedown.ts";
import type { AccountRow } from "./types.ts";

/** A wrong identifier or password; `did` is set when the identifier named an account. */
export class InvalidSignInError extends XrpcError {
  readonly did: string | undefined;

  constructor(did: string | undefined) {
    super(401, "AuthenticationRequired", "Invalid identifier or password");
    this.did = did;
  }
}

export interface SignedIn {
  account: AccountRow;
  appPassword: AppPasswordInfo | null;
}

export async function checkSignIn(
  ctx: Pick<AppContext, "accounts" | "appPasswords">,
  identifier: string,
  password: string,
  opts: { allowAppPassword: boolean },
): Promise<SignedIn> {
  const account = await ctx.accounts.byIdentifier(identifier.trim().toLowerCase());
  if (!account) throw new InvalidSignInError(undefined);
  const ok = await verifyPassword(password, account.password_scrypt);
  // Not the account password: perhaps one of its app passwords (a session of narrower scope).
  const appPassword =
    !ok && opts.allowAppPassword ? await ctx.appPasswords.verify(account.did, password) : undefined;
  if (!ok && !appPassword) throw new InvalidSignInError(account.did);
  assertNotTakenDown(account);
  return { account, appPassword: appPassword ?? null };
}
