// The Worker as a test entry module: the production handlers and Durable Objects, with an ingest
// service that fails for POISONED_DID (failing-ingest.ts). Started with `wrangler dev <this file>`
// (private-worker.ts: `faults: true`) and as the `main` of the workers project (vitest.workers.config.ts).
import { createWorker } from "../../src/worker.ts";
import { failingFor, POISONED_DID } from "./failing-ingest.ts";

export {
  CommunityFeed,
  CommunitySync,
  FeedPool,
  FirehoseReceiver,
  HashtagRegistry,
  LabelSubscriber,
  NetworkSync,
  OAuthPending,
  OAuthSessions,
  RecordIndex,
  RequestGuard,
} from "../../src/durable-objects.ts";

export default createWorker((built) => ({ ingest: failingFor(POISONED_DID, built.ingest) })).handler;
