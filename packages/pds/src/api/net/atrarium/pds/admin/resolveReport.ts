// Resolves a report of the local moderation queue with the administrator's note; it stays listed
// (listReports state=resolved) with when and how it was resolved.
import type { PdsAdminResolveReportInput, PdsAdminResolveReportOutput } from "@atrarium/lexicon";
import { invalidRequest } from "../../../../../xrpc/errors.ts";
import { method } from "../../../../../xrpc/method.ts";

export default method({
  nsid: "net.atrarium.pds.admin.resolveReport",
  type: "procedure",
  auth: "admin",
  handler: async (ctx, { input }) => {
    const { id, note } = input as PdsAdminResolveReportInput;
    // The lexicon bounds the length; a note of only spaces says nothing to whoever reads it later.
    if (note.trim() === "") throw invalidRequest("note must not be blank");
    const report: PdsAdminResolveReportOutput = await ctx.reports.resolve(id, note);
    return { json: report };
  },
});
