// net.atrarium.community.acceptTransfer (POST /api/communities/:id/transfer/accept): the member the
// owner offered the community to takes it (write/transfer.ts).
import type { COMMUNITY_ACCEPT_TRANSFER_NSID } from "@atrarium/lexicon";
import { acceptTransfer as accept } from "../../../../write/transfer.ts";
import type { ApiHandler } from "../../../method.ts";

const acceptTransfer: ApiHandler<typeof COMMUNITY_ACCEPT_TRANSFER_NSID> = (ctx, _params, { community }) =>
  accept(ctx, community);

export default acceptTransfer;
