// The community hierarchy as the API shows it, decided at read time like every role: a community is
// its parent's child while its owner is the parent's owner or one of its moderators (a config naming
// a parent its author does not moderate stands alone: "unverified"); a graduated community keeps its
// lineage ("detached") but no longer draws on its parent's feed. Walks are bounded and remember where
// they have been, so a cycle of parentCommunity links ends the chain instead of looping.
import type { CommunityInfo } from "../community/api-queries.ts";
import type { Stubs } from "../stubs.ts";

export type ParentStatus = "none" | "linked" | "detached" | "missing" | "unverified";

export interface Placed {
  id: string;
  info: CommunityInfo;
}

export const MAX_ANCESTORS = 8;
export const MAX_CHILDREN = 100;

const isStaffOf = (community: CommunityInfo, did: string) =>
  community.owner === did || community.moderators.includes(did);

async function infoOf(stubs: Pick<Stubs, "community">, id: string): Promise<CommunityInfo | null> {
  const reply = await stubs.community(id).read({ kind: "info" });
  return reply.ok && reply.info.state === "ok" ? reply.info.community : null;
}

export async function parentOf(
  stubs: Pick<Stubs, "community" | "registry">,
  child: Placed,
): Promise<{ status: ParentStatus; parent?: Placed }> {
  const uri = child.info.parentCommunity;
  if (!uri) return { status: "none" };
  // communityOf follows owner transfers: the parent named by its previous owner's config.
  const entry = await stubs.registry().communityOf(uri);
  if (!entry || entry.id === child.id) return { status: "missing" };
  const info = await infoOf(stubs, entry.id);
  if (!info || info.uri !== entry.configUri) return { status: "missing" };
  if (!isStaffOf(info, child.info.owner)) return { status: "unverified" };
  const parent = { id: entry.id, info };
  return { status: child.info.stage === "graduated" ? "detached" : "linked", parent };
}

// The parent, its parent, ... nearest first, while each link holds.
export async function ancestorsOf(stubs: Pick<Stubs, "community" | "registry">, start: Placed) {
  const first = await parentOf(stubs, start);
  const chain: Placed[] = [];
  const seen = new Set([start.id]);
  let link = first;
  while (link.parent && !seen.has(link.parent.id) && chain.length < MAX_ANCESTORS) {
    chain.push(link.parent);
    seen.add(link.parent.id);
    link = await parentOf(stubs, link.parent);
  }
  return { status: first.status, ancestors: chain };
}

// Communities whose current config names this one and whose owner is staff here.
export async function childrenOf(
  stubs: Pick<Stubs, "community" | "registry">,
  parent: Placed,
): Promise<Placed[]> {
  const staff = [parent.info.owner, ...parent.info.moderators];
  const entries = await stubs.registry().childrenOf(parent.info.uri, staff, MAX_CHILDREN);
  const infos = await Promise.all(entries.map((e) => (e.id === parent.id ? null : infoOf(stubs, e.id))));
  return entries.flatMap((e, i) => {
    const info = infos[i];
    const named = info && info.parentCommunity === parent.info.uri && isStaffOf(parent.info, info.owner);
    return named && info ? [{ id: e.id, info }] : [];
  });
}
