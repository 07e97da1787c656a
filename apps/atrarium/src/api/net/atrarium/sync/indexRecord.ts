// net.atrarium.sync.indexRecord (POST /api/communities/:id/sync): the caller's sync hint for a record
// in their own repo, fetched and verified from their PDS and applied at once (sync/index-record.ts).
import type { SYNC_INDEX_RECORD_NSID } from "@atrarium/lexicon";
import { indexRecord as applyHint } from "../../../../sync/index-record.ts";
import type { ApiHandler } from "../../../method.ts";

const indexRecord: ApiHandler<typeof SYNC_INDEX_RECORD_NSID> = async (ctx, _params, input) => ({
  body: await applyHint(ctx.services, ctx.viewer as string, input),
  stale: false,
});

export default indexRecord;
