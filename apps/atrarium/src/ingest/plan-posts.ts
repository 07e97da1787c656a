// Pure planning of a batch of post events: which communities get which post writes and removals,
// what waits in the registry for a community that does not exist yet, and each post's new placement.
// Events of one post are planned in stream order against an in-memory placement, so a batch
// containing a create and its edit ends where applying them one by one would.
import type { PostInput } from "../community/community-store.ts";
import { postContentOf } from "../community/post-content.ts";
import type { JetstreamEvent } from "../env.ts";
import type { Placement } from "../registry/record-index.ts";
import { communityIdsOf } from "./hashtag-match.ts";

export interface PostRemoval {
  uri: string;
  author: string;
  rev: string;
}

export interface PostPlan {
  byCommunity: Map<string, { puts: PostInput[]; removes: PostRemoval[] }>;
  park: { uri: string; waitsFor: string; event: string }[];
  dropParked: string[];
  placements: Map<string, { uri: string; communities: string[]; rev: string; deleted: boolean }>;
  ignored: number;
}

export const postUri = (e: JetstreamEvent) => `at://${e.did}/${e.commit?.collection}/${e.commit?.rkey}`;

export function taggedIds(events: JetstreamEvent[]): string[] {
  const ids = new Set<string>();
  for (const e of events)
    if (e.commit?.operation !== "delete") for (const id of communityIdsOf(e.commit?.record)) ids.add(id);
  return [...ids];
}

export function planPosts(
  events: JetstreamEvent[],
  known: Map<string, Placement | null>,
  registered: Set<string>,
): PostPlan {
  const plan: PostPlan = {
    byCommunity: new Map(),
    park: [],
    dropParked: [],
    placements: new Map(),
    ignored: 0,
  };
  const current = new Map(known);
  const ops = (id: string) => {
    const existing = plan.byCommunity.get(id);
    if (existing) return existing;
    const created = { puts: [] as PostInput[], removes: [] as PostRemoval[] };
    plan.byCommunity.set(id, created);
    return created;
  };
  for (const event of [...events].sort((a, b) => a.time_us - b.time_us)) {
    const commit = event.commit;
    if (!commit) continue;
    const uri = postUri(event);
    const prior = current.get(uri) ?? null;
    // The same rev again is a redelivery or a parked event coming back: re-applying is idempotent,
    // and it may now reach a community that did not exist the first time.
    if (prior && prior.rev > commit.rev) {
      plan.ignored++;
      continue;
    }
    const isDelete = commit.operation === "delete";
    const before = prior && !prior.deleted ? prior.communities : [];
    const tagged = isDelete ? [] : communityIdsOf(commit.record);
    if (isDelete) plan.dropParked.push(uri);
    if (before.length === 0 && tagged.length === 0) {
      // Nothing to place or remove; a delete of a known post still leaves its tombstone.
      if (isDelete && prior) {
        const tomb = { uri, communities: [], rev: commit.rev, deleted: true };
        current.set(uri, tomb);
        plan.placements.set(uri, tomb);
      } else plan.ignored++;
      continue;
    }
    const reached = tagged.filter((id) => registered.has(id));
    for (const id of tagged) {
      if (!registered.has(id)) plan.park.push({ uri, waitsFor: `#${id}`, event: JSON.stringify(event) });
    }
    for (const id of before)
      if (!reached.includes(id)) ops(id).removes.push({ uri, author: event.did, rev: commit.rev });
    const record = commit.record ?? {};
    for (const id of reached) {
      ops(id).puts.push({
        uri,
        author: event.did,
        rev: commit.rev,
        cid: commit.cid ?? "",
        text: typeof record.text === "string" ? record.text : "",
        createdAt: typeof record.createdAt === "string" ? record.createdAt : new Date().toISOString(),
        content: postContentOf(record),
      });
    }
    const communities = [...new Set([...reached, ...(prior?.rev === commit.rev ? before : [])])];
    const placement = { uri, communities, rev: commit.rev, deleted: isDelete };
    current.set(uri, placement);
    plan.placements.set(uri, placement);
  }
  return plan;
}
