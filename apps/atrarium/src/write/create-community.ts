// net.atrarium.community.create's work: an id no community claims, the config record of a new community
// (stage theme; own posts only, or inside a parent 80/15/5 own/parent/global), written into the
// caller's repo and indexed at once as an own write, which claims the hashtag at the acknowledgement.
// A theme inside a parent is started only by the parent's owner or one of its moderators (the index
// would treat any other as standalone anyway: api/hierarchy.ts).
import {
  COMMUNITY_CONFIG_NSID,
  type CommunityCreateInput,
  type CommunityCreateOutput,
  validateCommunityConfig,
} from "@atrarium/lexicon";
import { openCommunity } from "../api/community-access.ts";
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

const OWN_ONLY = { own: 100, parent: 0, global: 0 };
const UNDER_PARENT = { own: 80, parent: 15, global: 5 };

/** The config record for a new community, checked by the lexicon's schema and rules. */
export function newCommunityConfig(input: CommunityCreateInput, id: string, now: Date, parentUri?: string) {
  const description = input.description?.trim();
  return validRecord(
    validateCommunityConfig({
      $type: COMMUNITY_CONFIG_NSID,
      // A blank name stays as sent, so the rules layer answers that it is blank.
      name: input.name.trim() || input.name,
      ...(description ? { description } : {}),
      hashtag: `#atrarium_${id}`,
      stage: "theme",
      feedMix: input.feedMix ?? (parentUri ? UNDER_PARENT : OWN_ONLY),
      ...(parentUri ? { parentCommunity: parentUri } : {}),
      moderators: input.moderators ?? [],
      ...(input.accessType ? { accessType: input.accessType } : {}),
      createdAt: now.toISOString(),
    }),
  );
}

export async function createCommunity(
  ctx: ApiContext,
  input: CommunityCreateInput,
): Promise<Omit<CommunityCreateOutput, "stale">> {
  const parentUri = input.parent ? await parentForTheme(ctx, input.parent) : undefined;
  const id = await unusedCommunityId(ctx);
  // Checked before the writer is asked for: bad input answers 400 even without an OAuth session.
  const record = asJson(newCommunityConfig(input, id, new Date(), parentUri));
  // "ignored" (logged) only if another config claimed the id between our look and our write; the
  // record exists either way, so the write is answered.
  const ack = await createOwnRecord(ctx, COMMUNITY_CONFIG_NSID, record);
  return { id, uri: ack.uri, cid: ack.cid, hashtag: `#atrarium_${id}` };
}

// The parent's config uri, once the caller is its owner or one of its moderators.
async function parentForTheme(ctx: ApiContext, parent: string): Promise<string> {
  const { info } = await (await openCommunity(ctx, parent)).read({ kind: "info" });
  const caller = ctx.viewer;
  if (!caller || (caller !== info.owner && !info.moderators.includes(caller)))
    throw new XrpcError(
      403,
      "NotParentModerator",
      `only the owner and the moderators of community ${parent} may start a theme inside it`,
    );
  return info.uri;
}
