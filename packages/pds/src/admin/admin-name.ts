// An administrator's name: the user part of its HTTP Basic credential, so no ':' (RFC 7617), and
// plain enough to read in the audit log. `admin` is the break-glass password's and never an account's.
import { XrpcError } from "../xrpc/errors.ts";
import { BREAK_GLASS_ADMIN } from "./admin-accounts.ts";

const ADMIN_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export function assertNewAdminName(name: string): void {
  if (!ADMIN_NAME.test(name))
    throw new XrpcError(
      400,
      "InvalidName",
      "An administrator's name is 1 to 64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit",
    );
  if (name === BREAK_GLASS_ADMIN)
    throw new XrpcError(400, "InvalidName", `'${BREAK_GLASS_ADMIN}' is the break-glass credential's name`);
}
