// The local moderation queue (com.atproto.moderation.createReport without a moderation service),
// oldest first, optionally only the open or only the resolved reports.
import type { PdsAdminListReportsOutput, PdsAdminListReportsParams } from "@atrarium/lexicon";
import { nextIdCursor, pageLimit, parseIdCursor } from "../../../../../admin/paging.ts";
import { method } from "../../../../../xrpc/method.ts";

export default method<PdsAdminListReportsParams>({
  nsid: "net.atrarium.pds.admin.listReports",
  type: "query",
  auth: "admin",
  handler: async (ctx, { params }) => {
    const limit = pageLimit(params.limit);
    const reports = await ctx.reports.list({
      afterId: parseIdCursor(params.cursor),
      limit,
      state: params.state,
    });
    const cursor = nextIdCursor(reports, limit);
    const out: PdsAdminListReportsOutput = { reports, ...(cursor ? { cursor } : {}) };
    return { json: out };
  },
});
