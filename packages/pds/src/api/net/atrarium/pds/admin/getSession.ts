// Who the presented admin credential is, and its role: the admin UI signs in with this call and
// shows or hides actions by the role (the server checks each call anyway).
import type { PdsAdminGetSessionOutput } from "@atrarium/lexicon";
import { requireAdminCaller } from "../../../../../auth/admin-access.ts";
import { method } from "../../../../../xrpc/method.ts";

export default method({
  nsid: "net.atrarium.pds.admin.getSession",
  type: "query",
  auth: "admin",
  handler: async (_ctx, { req }) => {
    const { name, role } = requireAdminCaller(req);
    const out: PdsAdminGetSessionOutput = { name, role };
    return { json: out };
  },
});
