// Stubs of the Worker's Durable Objects, by the name each instance is known by: one receiver, one
// registry, one network sync; a feed and a sync per community id, a record index per author, a
// request guard per rate-limited subject (`ip:<address>`, `did:<did>`, `feed:<did>`, `rebuild:<id>`),
// one store of pending OAuth sign-ins and the OAuth sessions of each user by DID, one global feed pool,
// a label subscriber per trusted labeler DID.
import type { CommunityFeed } from "./community/community-feed.ts";
import type { Env } from "./env.ts";
import type { RequestGuard } from "./guard/request-guard.ts";
import type { FirehoseReceiver } from "./ingest/firehose-receiver.ts";
import type { LabelSubscriber } from "./labels/label-subscriber.ts";
import type { OAuthPending } from "./oauth/oauth-pending.ts";
import type { OAuthSessions } from "./oauth/oauth-sessions.ts";
import type { FeedPool } from "./pool/feed-pool.ts";
import type { HashtagRegistry } from "./registry/hashtag-registry.ts";
import type { RecordIndex } from "./registry/record-index.ts";
import type { CommunitySync } from "./sync/community-sync.ts";
import type { NetworkSync } from "./sync/network-sync.ts";

export interface Stubs {
  receiver(): DurableObjectStub<FirehoseReceiver>;
  registry(): DurableObjectStub<HashtagRegistry>;
  networkSync(): DurableObjectStub<NetworkSync>;
  community(id: string): DurableObjectStub<CommunityFeed>;
  communitySync(id: string): DurableObjectStub<CommunitySync>;
  recordIndex(did: string): DurableObjectStub<RecordIndex>;
  guard(subject: string): DurableObjectStub<RequestGuard>;
  oauthPending(): DurableObjectStub<OAuthPending>;
  oauthSessions(did: string): DurableObjectStub<OAuthSessions>;
  pool(): DurableObjectStub<FeedPool>;
  labelSubscriber(labeler: string): DurableObjectStub<LabelSubscriber>;
}

export function durableObjectStubs(env: Env): Stubs {
  const named = <T extends Rpc.DurableObjectBranded | undefined>(
    ns: DurableObjectNamespace<T>,
    name: string,
  ) => ns.get(ns.idFromName(name));
  return {
    receiver: () => named(env.FIREHOSE_RECEIVER, "main"),
    registry: () => named(env.HASHTAG_REGISTRY, "main"),
    networkSync: () => named(env.NETWORK_SYNC, "main"),
    community: (id) => named(env.COMMUNITY_FEED, id),
    communitySync: (id) => named(env.COMMUNITY_SYNC, id),
    recordIndex: (did) => named(env.RECORD_INDEX, did),
    guard: (subject) => named(env.REQUEST_GUARD, subject),
    oauthPending: () => named(env.OAUTH_PENDING, "main"),
    oauthSessions: (did) => named(env.OAUTH_SESSIONS, did),
    pool: () => named(env.FEED_POOL, "main"),
    labelSubscriber: (labeler) => named(env.LABEL_SUBSCRIBER, labeler),
  };
}
