// The writes the dashboard makes straight into the user's own repo with the user's own session: editing
// a community's config, posting, publishing the feed generator record. Records are validated with
// @atrarium/lexicon first because no PDS checks net.atrarium.* records. After each write the Worker gets
// a sync hint (indexRecord) so the change shows at once instead of after the Jetstream round trip; a
// failed hint is not a failed write. Creating a community, memberships and moderation go through the
// Worker instead (worker-writes.ts).
import { type Agent, RichText } from "@atproto/api";
import {
  COMMUNITY_CONFIG_NSID,
  type CommunityConfig,
  type CommunityDefsCommunityView,
  SYNC_INDEX_RECORD_NSID,
  type ValidationResult,
  validateCommunityConfig,
} from "@atrarium/lexicon";
import type { ApiClient } from "./api.ts";

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

export interface CommunityInput {
  name: string;
  description: string;
  moderators: string[];
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
