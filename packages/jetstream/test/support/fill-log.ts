// Fills a Jetstream data directory's event log straight through the store API (no PDS, no firehose):
// `count` commit events, one in every `matchEvery` by `matchDid`, the rest by a few hundred others.
import path from "node:path";
import { EventLog } from "../../src/store/event-log.ts";

export const FILL_COLLECTION = "app.bsky.feed.post";

export function fillLog(dataDir: string, count: number, matchDid: string, matchEvery: number): number {
  const log = new EventLog(path.join(dataDir, "jetstream.sqlite"));
  const perAppend = 1000;
  let matched = 0;
  try {
    for (let seq = 1; (seq - 1) * perAppend < count; seq++) {
      const drafts = Array.from({ length: Math.min(perAppend, count - (seq - 1) * perAppend) }, (_, i) => {
        const n = (seq - 1) * perAppend + i;
        const match = n % matchEvery === matchEvery - 1;
        if (match) matched++;
        return {
          did: match ? matchDid : `did:plc:fill${n % 500}`,
          kind: "commit" as const,
          commit: {
            rev: "3kzzzzzzzzz22",
            operation: "create" as const,
            collection: FILL_COLLECTION,
            rkey: `r${n}`,
            record: {
              $type: FILL_COLLECTION,
              text: `filler ${n} ${"x".repeat(200)}`,
              createdAt: "2026-01-01T00:00:00Z",
            },
            cid: "bafyreib2rxk3rybk3aobmv5cjuql3bm2twh4jo5uxgf5hmhsj5tqfq6w4e",
          },
        };
      });
      log.append("fill", seq, drafts);
    }
  } finally {
    log.close();
  }
  return matched;
}
