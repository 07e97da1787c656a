// The index's write side as one service: stream events from the queue, and the records sync hints,
// refreshes, rebuilds and discovery fetch, all go through it. A test swaps it to inject faults.
import type { JetstreamEvent } from "../env.ts";
import { type ApplyDeps, applyEvent, type EventSource, type Outcome } from "./apply-event.ts";
import { applyPosts } from "./apply-posts.ts";
import type { PostPlan } from "./plan-posts.ts";

export interface Ingest {
  applyEvent(event: JetstreamEvent, source?: EventSource): Promise<Outcome>;
  // A batch of post events, all or nothing (every step is idempotent, so a failure is retried whole).
  applyPosts(events: JetstreamEvent[]): Promise<PostPlan>;
}

export function createIngest(deps: ApplyDeps): Ingest {
  return {
    applyEvent: (event, source) => applyEvent(deps, event, source),
    applyPosts: (events) => applyPosts(deps.stubs, events),
  };
}
