// A new email address for an account, set by the account (com.atproto.server.updateEmail) or by the
// administrator (com.atproto.admin.updateAccountEmail): the same check of the address and the same
// refusal when another account has it.
import { z } from "zod";
import type { AppContext } from "../context.ts";
import { XrpcError } from "../xrpc/errors.ts";
import { EmailInUseError } from "./credentials.ts";
import type { EmailTokenPurpose } from "./types.ts";

const emailSchema = z.email();

/** Trimmed and lower-cased; 400 when it is no email address. */
export function normalizeNewEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (!emailSchema.safeParse(email).success) {
    throw new XrpcError(
      400,
      "InvalidRequest",
      "This email address is not supported, please use a different email.",
    );
  }
  return email;
}

/** credentials.changeEmail, with another account's address refused as a 400. */
export async function changeEmail(
  ctx: Pick<AppContext, "credentials">,
  did: string,
  email: string,
  usingToken?: EmailTokenPurpose,
): Promise<void> {
  try {
    await ctx.credentials.changeEmail(did, email, usingToken);
  } catch (err) {
    if (err instanceof EmailInUseError) throw new XrpcError(400, "InvalidRequest", err.message);
    throw err;
  }
}
