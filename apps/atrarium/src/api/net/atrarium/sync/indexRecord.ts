// net.atrarium.sync.indexRecord (POST /api/communities/:id/sync): the caller's sync hint for a record
// in their own repo, fetched and verified from their PDS and applied at once (sync/index-record.ts).
import { SYNC_INDEX_RECORD_NSID } from "@atrarium/lexicon";
import { z } from "zod";
import { indexRecord } from "../../../../sync/index-record.ts";
import { apiMethod, communityId } from "../../../method.ts";

export default apiMethod({
  nsid: SYNC_INDEX_RECORD_NSID,
  type: "procedure",
  auth: "required",
  rest: { path: "/api/communities/:id/sync" },
  params: z.object({ uri: z.string().max(8192), community: communityId.optional() }),
  handler: async (ctx, input) => {
    const result = await indexRecord(ctx.env, ctx.viewer as string, input);
    return { body: { ...result }, stale: false };
  },
});
