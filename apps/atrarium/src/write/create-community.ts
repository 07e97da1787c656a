// net.atrarium.community.create's work: an id no community claims, the config record the dashboard
// writes for a new community (apps/dashboard/src/lib/records.ts createCommunity: stage theme, own
// posts only), written into the caller's repo and indexed at once as an own write, which claims the
// hashtag at the acknowledgement.
import {
  COMMUNITY_CONFIG_NSID,
  type CommunityCreateInput,
  type CommunityCreateOutput,
  validateCommunityConfig,
} from "@atrarium/lexicon";
import type { ApiContext } from "../api/method.ts";
import { XrpcError } from "../shared/xrpc-error.ts";
import { createOwnRecord } from "./own-write.ts";
import { asJson, validRecord } from "./valid-record.ts";

const ID_ATTEMPTS = 5;

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// Asked of the registry itself, not the isolate's cache: a claim made elsewhere a moment ago counts.
async function unusedCommunityId(ctx: ApiContext): Promise<string> {
  const registry = ctx.services.stubs.registry();
  for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
    const id = randomId();
    if (!(await registry.byId(id))) return id;
  }
  throw new XrpcError(503, "TryAgain", "no unused community id found; try again");
}

/** The config record for a new community, checked by the lexicon's schema and rules. */
export function newCommunityConfig(input: CommunityCreateInput, id: string, now: Date) {
  const description = input.description?.trim();
  return validRecord(
    validateCommunityConfig({
      $type: COMMUNITY_CONFIG_NSID,
      // A blank name stays as sent, so the rules layer answers that it is blank.
      name: input.name.trim() || input.name,
      ...(description ? { description } : {}),
      hashtag: `#atrarium_${id}`,
      stage: "theme",
      // Mixing parent and global posts arrives with community hierarchy; until then, own posts only.
      feedMix: { own: 100, parent: 0, global: 0 },
      moderators: input.moderators ?? [],
      createdAt: now.toISOString(),
    }),
  );
}

export async function createCommunity(
  ctx: ApiContext,
  input: CommunityCreateInput,
): Promise<Omit<CommunityCreateOutput, "stale">> {
  const id = await unusedCommunityId(ctx);
  // Checked before the writer is asked for: bad input answers 400 even without an OAuth session.
  const record = asJson(newCommunityConfig(input, id, new Date()));
  // "ignored" (logged) only if another config claimed the id between our look and our write; the
  // record exists either way, so the write is answered.
  const ack = await createOwnRecord(ctx, COMMUNITY_CONFIG_NSID, record);
  return { id, uri: ack.uri, cid: ack.cid, hashtag: `#atrarium_${id}` };
}
