// Applies a batch of post events with a handful of Durable Object calls instead of several per
// event: one registry lookup for all hashtags, one record-index read and write per author, one call
// per community. Every step is idempotent, so a failed batch is simply retried.
import type { JetstreamEvent } from "../env.ts";
import type { Placement } from "../registry/record-index.ts";
import type { Stubs } from "../stubs.ts";
import { type PostPlan, planPosts, postUri, taggedIds } from "./plan-posts.ts";

export async function applyPosts(stubs: Stubs, events: JetstreamEvent[]): Promise<PostPlan> {
  const registry = stubs.registry();
  const ids = taggedIds(events);
  const registered = new Set(ids.length > 0 ? await registry.known(ids) : []);
  const byAuthor = new Map<string, JetstreamEvent[]>();
  for (const e of events) byAuthor.set(e.did, [...(byAuthor.get(e.did) ?? []), e]);
  const known = new Map<string, Placement | null>();
  await Promise.all(
    [...byAuthor].map(async ([did, evs]) => {
      const found = await stubs.recordIndex(did).getMany(evs.map(postUri));
      for (const [uri, placement] of Object.entries(found)) known.set(uri, placement);
    }),
  );
  const plan = planPosts(events, known, registered);
  await Promise.all(
    [...plan.byCommunity].map(([id, ops]) => stubs.community(id).applyPostOps(ops.puts, ops.removes)),
  );
  if (plan.park.length > 0) await registry.parkMany(plan.park);
  if (plan.dropParked.length > 0) await registry.dropParkedMany(plan.dropParked);
  const placementsByAuthor = new Map<
    string,
    typeof plan.placements extends Map<string, infer P> ? P[] : never
  >();
  for (const p of plan.placements.values()) {
    const did = p.uri.slice(5, p.uri.indexOf("/", 5));
    placementsByAuthor.set(did, [...(placementsByAuthor.get(did) ?? []), p]);
  }
  await Promise.all([...placementsByAuthor].map(([did, ps]) => stubs.recordIndex(did).placeMany(ps)));
  return plan;
}
