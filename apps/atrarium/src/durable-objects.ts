// The Worker's Durable Object classes. Every entry module re-exports them by name (wrangler binds
// them, and `wrangler types` types their namespaces, only from named exports of the entry).
export { CommunityFeed } from "./community/community-feed.ts";
export { RequestGuard } from "./guard/request-guard.ts";
export { FirehoseReceiver } from "./ingest/firehose-receiver.ts";
export { LabelSubscriber } from "./labels/label-subscriber.ts";
export { OAuthPending } from "./oauth/oauth-pending.ts";
export { OAuthSessions } from "./oauth/oauth-sessions.ts";
export { FeedPool } from "./pool/feed-pool.ts";
export { HashtagRegistry } from "./registry/hashtag-registry.ts";
export { RecordIndex } from "./registry/record-index.ts";
export { CommunitySync } from "./sync/community-sync.ts";
export { NetworkSync } from "./sync/network-sync.ts";
