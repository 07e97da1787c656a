// net.atrarium.community.proposeEmoji (POST /api/emoji): a custom emoji record in the caller's own repo
// naming an image blob they uploaded to their PDS, for members and staff (write/reactions.ts).
import type { COMMUNITY_PROPOSE_EMOJI_NSID } from "@atrarium/lexicon";
import { proposeEmoji as proposeInOwnRepo } from "../../../../write/reactions.ts";
import type { ApiHandler } from "../../../method.ts";

const proposeEmoji: ApiHandler<typeof COMMUNITY_PROPOSE_EMOJI_NSID> = (ctx, _params, input) =>
  proposeInOwnRepo(ctx, input);

export default proposeEmoji;
