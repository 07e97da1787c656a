// Stage 1, in the receiver: a cheap test that keeps every event that might concern a community.
// net.atrarium.* records always pass; posts pass if they mention `#atrarium_` anywhere a tag can be;
// deletes and updates of posts always pass (a delete carries no text, an edit may remove a tag);
// #account events (an account deactivated, deleted, reactivated) always pass.
import type { JetstreamEvent } from "../env.ts";

const POST = "app.bsky.feed.post";

export function passesLightFilter(evt: JetstreamEvent): boolean {
  // Few and cheap; needed to hide (and show again) an inactive account's posts.
  if (evt.kind === "account") return true;
  const commit = evt.commit;
  if (evt.kind !== "commit" || !commit || typeof commit.collection !== "string") return false;
  if (commit.collection.startsWith("net.atrarium.")) return true;
  // Few; a previous owner's feed answers until its generator record is deleted (apply-transfer.ts).
  if (commit.collection === "app.bsky.feed.generator") return true;
  if (commit.collection !== POST) return false;
  if (commit.operation !== "create") return true;
  return mentionsAtrarium(commit.record);
}

function mentionsAtrarium(record: Record<string, unknown> | undefined): boolean {
  if (!record) return false;
  const text = record.text;
  if (typeof text === "string" && text.toLowerCase().includes("#atrarium_")) return true;
  const tags = record.tags;
  if (Array.isArray(tags) && tags.some(isAtrariumTag)) return true;
  const facets = record.facets;
  if (!Array.isArray(facets)) return false;
  for (const facet of facets) {
    const features = (facet as { features?: unknown })?.features;
    if (!Array.isArray(features)) continue;
    for (const f of features) if (isAtrariumTag((f as { tag?: unknown })?.tag)) return true;
  }
  return false;
}

// Tags carry no `#`.
const isAtrariumTag = (tag: unknown) => typeof tag === "string" && tag.toLowerCase().startsWith("atrarium_");
