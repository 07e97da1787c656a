// net.atrarium.community.transferOwnership (POST /api/communities/:id/transfer): the owner offers the
// community to a current member (write/transfer.ts).
import type { COMMUNITY_TRANSFER_OWNERSHIP_NSID } from "@atrarium/lexicon";
import { transferOwnership as offer } from "../../../../write/transfer.ts";
import type { ApiHandler } from "../../../method.ts";

const transferOwnership: ApiHandler<typeof COMMUNITY_TRANSFER_OWNERSHIP_NSID> = (
  ctx,
  _params,
  { community, newOwner },
) => offer(ctx, community, newOwner);

export default transferOwnership;
