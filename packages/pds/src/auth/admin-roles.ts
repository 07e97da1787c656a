// The server's side of admin roles: the roles and the table of what each method needs live in
// @atrarium/lexicon (admin-roles.ts), shared with the admin UI; the router refuses here.
import { type AdminRole, requiredAdminRole, roleAllows } from "@atrarium/lexicon";
import { XrpcError } from "../xrpc/errors.ts";

export {
  ADMIN_METHOD_ROLES,
  ADMIN_ROLES,
  type AdminRole,
  isAdminRole,
  requiredAdminRole,
  roleAllows,
} from "@atrarium/lexicon";

/** 403 Forbidden for a valid administrator whose role lacks the method's. */
export function assertAdminRole(held: AdminRole, nsid: string): void {
  const needed = requiredAdminRole(nsid);
  if (!roleAllows(held, needed))
    throw new XrpcError(403, "Forbidden", `${nsid} needs the ${needed} role; this administrator is ${held}`);
}
