// The Atrarium Worker's entry module: its handlers (worker.ts) over the services of the composition
// root (services.ts), and its Durable Object classes, exported here so wrangler can bind them.
import { createWorker } from "./worker.ts";

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
} from "./durable-objects.ts";

const worker = createWorker();

// For a typed client (hono/client): the app's routes.
export type AppType = typeof worker.app;

export default worker.handler;
