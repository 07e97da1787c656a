// Bindings and vars of the Worker (see wrangler.jsonc).
import type { ApiBindings } from "./api/api-env.ts";
import type { CommunityFeed } from "./community/community-feed.ts";
import type { FirehoseReceiver } from "./ingest/firehose-receiver.ts";
import type { HashtagRegistry } from "./registry/hashtag-registry.ts";
import type { RecordIndex } from "./registry/record-index.ts";

export interface Env extends ApiBindings {
  FIREHOSE_RECEIVER: DurableObjectNamespace<FirehoseReceiver>;
  COMMUNITY_FEED: DurableObjectNamespace<CommunityFeed>;
  HASHTAG_REGISTRY: DurableObjectNamespace<HashtagRegistry>;
  RECORD_INDEX: DurableObjectNamespace<RecordIndex>;
  EVENTS: Queue<JetstreamEvent>;
  SERVICE_DID: string;
  PUBLIC_URL: string;
  JETSTREAM_URL: string;
  START_CURSOR: string;
  RETENTION_SECONDS: string;
  RECONNECT_REWIND_SECONDS: string;
  // Fault injection for tests only (unset in wrangler.jsonc and in production): events from this DID
  // fail every attempt, which exercises retries and the dead-letter queue end to end.
  FAIL_EVENTS_FROM_DID?: string;
}

// Jetstream v1 events (only the kinds and fields Atrarium reads).
export interface JetstreamCommit {
  rev: string;
  operation: "create" | "update" | "delete";
  collection: string;
  rkey: string;
  record?: Record<string, unknown>;
  cid?: string;
}

export interface JetstreamEvent {
  did: string;
  time_us: number;
  kind: "commit" | "identity" | "account";
  commit?: JetstreamCommit;
}

// The single instances of the singleton DOs.
export const receiverOf = (env: Env) => env.FIREHOSE_RECEIVER.get(env.FIREHOSE_RECEIVER.idFromName("main"));
export const registryOf = (env: Env) => env.HASHTAG_REGISTRY.get(env.HASHTAG_REGISTRY.idFromName("main"));
export const communityOf = (env: Env, id: string) =>
  env.COMMUNITY_FEED.get(env.COMMUNITY_FEED.idFromName(id));
export const recordIndexOf = (env: Env, did: string) =>
  env.RECORD_INDEX.get(env.RECORD_INDEX.idFromName(did));
