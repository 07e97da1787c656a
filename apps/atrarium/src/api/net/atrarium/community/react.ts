// net.atrarium.community.react (POST /api/reactions): a reaction record in the caller's own repo, for
// members and staff, once per post and emoji (write/reactions.ts).
import type { COMMUNITY_REACT_NSID } from "@atrarium/lexicon";
import { react as reactInOwnRepo } from "../../../../write/reactions.ts";
import type { ApiHandler } from "../../../method.ts";

const react: ApiHandler<typeof COMMUNITY_REACT_NSID> = (ctx, _params, input) => reactInOwnRepo(ctx, input);

export default react;
