// The admin audit log, newest first (admin/audit-log.ts).
import type { PdsAdminListAuditLogOutput, PdsAdminListAuditLogParams } from "@atrarium/lexicon";
import { nextIdCursor, pageLimit, parseIdCursor } from "../../../../../admin/paging.ts";
import { method } from "../../../../../xrpc/method.ts";

export default method<PdsAdminListAuditLogParams>({
  nsid: "net.atrarium.pds.admin.listAuditLog",
  type: "query",
  auth: "admin",
  handler: async (ctx, { params }) => {
    const limit = pageLimit(params.limit);
    const entries = ctx.admin.auditLog.list({ beforeId: parseIdCursor(params.cursor), limit });
    const cursor = nextIdCursor(entries, limit);
    const out: PdsAdminListAuditLogOutput = { entries, ...(cursor ? { cursor } : {}) };
    return { json: out };
  },
});
