// Applies a batch of post events with a handful of Durable Object calls instead of several per
// event: one registry lookup for all hashtags, one record-index read and write per author, one call
// per community. Every step is idempotent, so a failed batch is simply retried.
import type { JetstreamEvent } from "../env.ts";
import type { Placement } from "../registry/record-index.ts";
import type { Stubs } from "../stubs.ts";
import { type PostPlan, planPosts, postUri, taggedIds } from "./plan-posts.ts";

type Parked = PostPlan["park"][number];

// Events of other authors run concurrently, so a hashtag may be claimed between this batch's registry
// lookup and its park; the registry then hands those posts back instead of parking them, and they are
// applied again with that hashtag known (the same rev widens a placement). Each round adds at least
// one hashtag to the known set, so the rounds end.
export async function applyPosts(stubs: Stubs, events: JetstreamEvent[]): Promise<PostPlan> {
  const claimed = new Set<string>();
  const first = await applyRound(stubs, events, claimed);
  let handedBack = first.handedBack;
  while (handedBack.length > 0) {
    for (const item of handedBack) claimed.add(item.waitsFor.slice(1));
    const again = [...new Set(handedBack.map((item) => item.event))].map(
      (json) => JSON.parse(json) as JetstreamEvent,
    );
    handedBack = (await applyRound(stubs, again, claimed)).handedBack;
  }
  return first.plan;
}

async function applyRound(
  stubs: Stubs,
  events: JetstreamEvent[],
  claimed: Set<string>,
): Promise<{ plan: PostPlan; handedBack: Parked[] }> {
  const registry = stubs.registry();
  const ids = taggedIds(events).filter((id) => !claimed.has(id));
  const registered = new Set([...claimed, ...(ids.length > 0 ? await registry.known(ids) : [])]);
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
  const handedBack = plan.park.length > 0 ? await registry.parkMany(plan.park) : [];
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
  return { plan, handedBack };
}
