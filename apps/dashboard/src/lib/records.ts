// Writes go to the user's own repo (PDS-first), validated with @atrarium/lexicon first because no PDS
// checks net.atrarium.* records. After each write the Worker gets a sync hint (indexRecord) so the
// change shows at once instead of after the Jetstream round trip; a failed hint is not a failed write.
import { type Agent, RichText } from "@atproto/api";
import {
  COMMUNITY_CONFIG_NSID,
  COMMUNITY_GET_NSID,
  COMMUNITY_MEMBERSHIP_NSID,
  type CommunityConfig,
  type CommunityDefsCommunityView,
  MODERATION_ACTION_NSID,
  type ModerationAction,
  SYNC_INDEX_RECORD_NSID,
  type ValidationResult,
  validateCommunityConfig,
  validateCommunityMembership,
  validateModerationAction,
} from "@atrarium/lexicon";
import { type ApiClient, ApiError } from "./api.ts";

export const FEED_GENERATOR_NSID = "app.bsky.feed.generator";
const POST_NSID = "app.bsky.feed.post";

export class InvalidRecordError extends Error {
  readonly fields: string[];

  constructor(fields: { field: string; message: string }[]) {
    super(fields.map((f) => `${f.field}: ${f.message}`).join("; "));
    this.fields = fields.map((f) => f.field);
  }
}

function valid<T>(result: ValidationResult<T>): T {
  if (!result.ok) throw new InvalidRecordError(result.errors);
  return result.value;
}

export const rkeyOf = (uri: string) => uri.split("/").pop() as string;
export const repoOf = (uri: string) => uri.split("/")[2];
export const communityIdOf = (hashtag: string) => hashtag.replace(/^#atrarium_/, "");

export async function syncHint(api: ApiClient, communityId: string, uri: string): Promise<boolean> {
  try {
    await api.call(SYNC_INDEX_RECORD_NSID, {}, { input: { uri, community: communityId } });
    return true;
  } catch {
    // The Jetstream path indexes it shortly anyway.
    return false;
  }
}

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// An id no indexed community uses (the first config to claim a hashtag owns it).
export async function unusedCommunityId(api: ApiClient): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const id = randomId();
    try {
      await api.call(COMMUNITY_GET_NSID, { community: id }, { auth: "none" });
    } catch (err) {
      if (err instanceof ApiError && err.error === "CommunityNotFound") return id;
      throw err;
    }
  }
  throw new Error("no unused hashtag found");
}

export interface CommunityInput {
  name: string;
  description: string;
  moderators: string[];
}

export async function createCommunity(
  agent: Agent,
  api: ApiClient,
  input: CommunityInput,
): Promise<{ id: string; uri: string; hashtag: string }> {
  const id = await unusedCommunityId(api);
  const hashtag = `#atrarium_${id}`;
  const record = valid(
    validateCommunityConfig({
      $type: COMMUNITY_CONFIG_NSID,
      name: input.name.trim(),
      ...(input.description.trim() ? { description: input.description.trim() } : {}),
      hashtag,
      stage: "theme",
      // Mixing parent and global posts arrives with community hierarchy; until then, own posts only.
      feedMix: { own: 100, parent: 0, global: 0 },
      moderators: input.moderators,
      createdAt: new Date().toISOString(),
    }),
  );
  const res = await agent.com.atproto.repo.createRecord({
    repo: agent.assertDid,
    collection: COMMUNITY_CONFIG_NSID,
    record: record as unknown as Record<string, unknown>,
  });
  await syncHint(api, id, res.data.uri);
  return { id, uri: res.data.uri, hashtag };
}

export async function updateCommunity(
  agent: Agent,
  api: ApiClient,
  community: CommunityDefsCommunityView,
  input: CommunityInput,
): Promise<void> {
  const current = await agent.com.atproto.repo.getRecord({
    repo: agent.assertDid,
    collection: COMMUNITY_CONFIG_NSID,
    rkey: rkeyOf(community.uri),
  });
  const { description: _dropped, ...rest } = current.data.value as unknown as CommunityConfig;
  const record = valid(
    validateCommunityConfig({
      ...rest,
      name: input.name.trim(),
      ...(input.description.trim() ? { description: input.description.trim() } : {}),
      moderators: input.moderators,
    }),
  );
  await agent.com.atproto.repo.putRecord({
    repo: agent.assertDid,
    collection: COMMUNITY_CONFIG_NSID,
    rkey: rkeyOf(community.uri),
    record: record as unknown as Record<string, unknown>,
    swapRecord: current.data.cid,
  });
  await syncHint(api, community.id, community.uri);
}

// The user's membership record for a community, active or not, read from their own repo: the index
// may not name an inactive one.
async function ownMembershipUri(agent: Agent, communityUri: string): Promise<string | null> {
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const res = await agent.com.atproto.repo.listRecords({
      repo: agent.assertDid,
      collection: COMMUNITY_MEMBERSHIP_NSID,
      limit: 100,
      cursor,
    });
    const found = res.data.records.find(
      (r) => (r.value as { community?: unknown }).community === communityUri,
    );
    if (found) return found.uri;
    cursor = res.data.cursor;
    if (!cursor || res.data.records.length === 0) return null;
  }
  return null;
}

export async function setMembership(
  agent: Agent,
  api: ApiClient,
  community: CommunityDefsCommunityView,
  active: boolean,
  existingUri?: string,
): Promise<void> {
  const record = valid(
    validateCommunityMembership({
      $type: COMMUNITY_MEMBERSHIP_NSID,
      community: community.uri,
      role: "member",
      joinedAt: new Date().toISOString(),
      active,
    }),
  ) as unknown as Record<string, unknown>;
  let uri: string;
  existingUri ??= (await ownMembershipUri(agent, community.uri)) ?? undefined;
  if (existingUri && repoOf(existingUri) === agent.assertDid) {
    // Leaving keeps the record (active: false) so history survives; joining again reactivates it.
    const previous = await agent.com.atproto.repo
      .getRecord({ repo: agent.assertDid, collection: COMMUNITY_MEMBERSHIP_NSID, rkey: rkeyOf(existingUri) })
      .catch(() => null);
    const joinedAt = (previous?.data.value as { joinedAt?: string } | undefined)?.joinedAt;
    const res = await agent.com.atproto.repo.putRecord({
      repo: agent.assertDid,
      collection: COMMUNITY_MEMBERSHIP_NSID,
      rkey: rkeyOf(existingUri),
      record: !active && joinedAt ? { ...record, joinedAt } : record,
    });
    uri = res.data.uri;
  } else {
    const res = await agent.com.atproto.repo.createRecord({
      repo: agent.assertDid,
      collection: COMMUNITY_MEMBERSHIP_NSID,
      record,
    });
    uri = res.data.uri;
  }
  await syncHint(api, community.id, uri);
}

export async function createPost(
  agent: Agent,
  api: ApiClient,
  community: CommunityDefsCommunityView,
  text: string,
): Promise<string> {
  const body = text.includes(community.hashtag) ? text.trim() : `${text.trim()} ${community.hashtag}`;
  const rt = new RichText({ text: body });
  // Tags are all the post needs: mentions and links resolve without any network call too.
  rt.detectFacetsWithoutResolution();
  const res = await agent.com.atproto.repo.createRecord({
    repo: agent.assertDid,
    collection: POST_NSID,
    record: {
      $type: POST_NSID,
      text: rt.text,
      ...(rt.facets?.length ? { facets: rt.facets } : {}),
      createdAt: new Date().toISOString(),
    },
  });
  await syncHint(api, community.id, res.data.uri);
  return res.data.uri;
}

export async function moderate(
  agent: Agent,
  api: ApiClient,
  community: CommunityDefsCommunityView,
  action: ModerationAction["action"],
  target: string,
  reason?: string,
): Promise<void> {
  const record = valid(
    validateModerationAction({
      $type: MODERATION_ACTION_NSID,
      action,
      target,
      community: community.uri,
      ...(reason?.trim() ? { reason: reason.trim() } : {}),
      createdAt: new Date().toISOString(),
    }),
  );
  const res = await agent.com.atproto.repo.createRecord({
    repo: agent.assertDid,
    collection: MODERATION_ACTION_NSID,
    record: record as unknown as Record<string, unknown>,
  });
  await syncHint(api, community.id, res.data.uri);
}

// The community's app.bsky.feed.generator record (rkey = community id) in the owner's repo, as
// apps/atrarium/scripts/publish-feed.ts writes it.
export async function publishFeed(
  agent: Agent,
  api: ApiClient,
  community: CommunityDefsCommunityView,
): Promise<string> {
  const res = await agent.com.atproto.repo.putRecord({
    repo: agent.assertDid,
    collection: FEED_GENERATOR_NSID,
    rkey: community.id,
    record: {
      $type: FEED_GENERATOR_NSID,
      did: await api.serviceDid(),
      displayName: community.name.slice(0, 24),
      ...(community.description ? { description: community.description.slice(0, 300) } : {}),
      createdAt: new Date().toISOString(),
    },
  });
  return res.data.uri;
}

export async function publishedFeed(agent: Agent, communityId: string): Promise<string | null> {
  try {
    const res = await agent.com.atproto.repo.getRecord({
      repo: agent.assertDid,
      collection: FEED_GENERATOR_NSID,
      rkey: communityId,
    });
    return res.data.uri;
  } catch {
    return null;
  }
}
