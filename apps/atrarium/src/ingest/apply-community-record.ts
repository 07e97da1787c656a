// The path every record that names its community's config takes (memberships, moderation actions,
// reactions, custom emoji): a delete tombstones it in the communities the record index placed it in;
// a create or update is validated, parked when its community's config is not known yet, applied to the
// community's object and placed. The record kinds differ only in how they are checked and stored.
import type { CommunityFeed } from "../community/community-feed.ts";
import type { Table } from "../community/community-store.ts";
import type { JetstreamCommit, JetstreamEvent } from "../env.ts";
import type { Stubs } from "../stubs.ts";
import type { Outcome } from "./apply-event.ts";

/** A valid record: the config it names and how it goes into that community's object. */
export interface CommunityRecordPlan {
  community: string;
  apply: (feed: DurableObjectStub<CommunityFeed>) => Promise<unknown>;
}

export interface CommunityRecordKind {
  table: Table;
  // null: the record is invalid (skipped and counted).
  plan: (
    record: unknown,
    ref: { uri: string; did: string; rev: string; cid?: string },
  ) => CommunityRecordPlan | null;
}

export async function applyCommunityRecord(
  stubs: Stubs,
  event: JetstreamEvent,
  commit: JetstreamCommit,
  uri: string,
  kind: CommunityRecordKind,
): Promise<Outcome> {
  const index = stubs.recordIndex(event.did);
  const known = await index.get(uri);
  if (known && known.rev > commit.rev) return "ignored";
  if (commit.operation === "delete") {
    for (const id of known?.communities ?? [])
      await stubs.community(id).remove(kind.table, uri, event.did, commit.rev);
    await stubs.registry().dropParked(uri);
    await index.place(uri, known?.communities ?? [], commit.rev, true);
    return "applied";
  }
  const plan = kind.plan(commit.record, { uri, did: event.did, rev: commit.rev, cid: commit.cid });
  if (!plan) return "invalid";
  const registry = stubs.registry();
  const entry =
    // communityOf follows owner transfers: records naming a previous owner's config still count.
    (await registry.communityOf(plan.community)) ??
    (await registry.parkUnlessClaimed(uri, plan.community, event));
  if (!entry) return "parked";
  await plan.apply(stubs.community(entry.id));
  await index.place(uri, [entry.id], commit.rev, false);
  return "applied";
}
