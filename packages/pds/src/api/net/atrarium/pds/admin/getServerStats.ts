// Totals of this PDS for its administrator: accounts by status, records, blobs, firehose.
import { serverStats } from "../../../../../admin/server-stats.ts";
import { method } from "../../../../../xrpc/method.ts";

export default method({
  nsid: "net.atrarium.pds.admin.getServerStats",
  type: "query",
  auth: "admin",
  handler: async (ctx) => ({ json: await serverStats(ctx) }),
});
