// The scheduled jobs (jobs/pds-jobs.ts) with their schedule and last run, for the administrator.
import { jobViews } from "../../../../../jobs/job-views.ts";
import { method } from "../../../../../xrpc/method.ts";

export default method({
  nsid: "net.atrarium.pds.admin.getJobs",
  type: "query",
  auth: "admin",
  handler: async (ctx) => ({ json: { jobs: jobViews(ctx.jobRunner.status()) } }),
});
