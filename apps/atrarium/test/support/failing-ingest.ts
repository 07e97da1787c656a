// Fault injection through the services (no switch in production code): an ingest that fails every
// attempt at an event of one DID, alone or in a batch, which exercises retries and the dead-letter
// queue end to end. Runs inside the Worker (faulty-worker.ts) and names the DID for the tests.
import type { JetstreamEvent } from "../../src/env.ts";
import type { Ingest } from "../../src/ingest/ingest.ts";

export const POISONED_DID = "did:plc:poisonedpoisonedpoison";

export function failingFor(did: string, ingest: Ingest): Ingest {
  const refuse = (events: JetstreamEvent[]) => {
    if (events.some((e) => e?.did === did)) throw new Error(`injected failure for ${did}`);
  };
  return {
    applyEvent: async (event, source) => {
      refuse([event]);
      return ingest.applyEvent(event, source);
    },
    applyPosts: async (events) => {
      refuse(events);
      return ingest.applyPosts(events);
    },
  };
}
