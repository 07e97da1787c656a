// The hierarchy walks behind net.atrarium.community.getHierarchy inside workerd (api/hierarchy.ts): a
// link holds only while the child's owner moderates the parent; missing, self-naming and unverified
// parents; a cycle of parentCommunity links ends the chain; a parent lists only its real children.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ancestorsOf, childrenOf, type Placed } from "../../src/api/hierarchy.ts";
import type { CommunityInfo } from "../../src/community/api-queries.ts";
import { durableObjectStubs } from "../../src/stubs.ts";
import { MALLORY, MODERATOR, OWNER } from "./community-fixtures.ts";
import { community, type TestCommunity } from "./mix-fixtures.ts";

const stubs = durableObjectStubs(env);

async function placed(c: TestCommunity): Promise<Placed> {
  const reply = await c.stub.read({ kind: "info" });
  if (!reply.ok || reply.info.state !== "ok") throw new Error(`no config in ${c.id}`);
  return { id: c.id, info: reply.info.community as CommunityInfo };
}

const chainOf = async (c: TestCommunity) => {
  const { status, ancestors } = await ancestorsOf(stubs, await placed(c));
  return { status, ids: ancestors.map((a) => a.id) };
};

describe("hierarchy", () => {
  it("walks up a chain of linked parents, nearest first; a moderator's theme counts", async () => {
    const root = await community({ stage: "graduated", moderators: [MODERATOR] });
    const middle = await community({ parentCommunity: root.configUri, stage: "community", moderators: [] });
    const leaf = await community({ owner: MODERATOR, parentCommunity: middle.configUri });
    // MODERATOR moderates root, not middle: the leaf stands alone.
    expect(await chainOf(leaf)).toEqual({ status: "unverified", ids: [] });
    await middle.configure({ moderators: [MODERATOR] });
    expect(await chainOf(leaf)).toEqual({ status: "linked", ids: [middle.id, root.id] });
    expect((await childrenOf(stubs, await placed(middle))).map((c) => c.id)).toEqual([leaf.id]);
    expect((await childrenOf(stubs, await placed(root))).map((c) => c.id)).toEqual([middle.id]);
  });

  it("reports missing, self-naming and unverified parents, and lists no such children", async () => {
    const parent = await community();
    const missing = await community({
      parentCommunity: `at://${OWNER}/net.atrarium.community.config/gone0000`,
    });
    expect(await chainOf(missing)).toEqual({ status: "missing", ids: [] });
    const self = await community();
    await self.configure({ parentCommunity: self.configUri });
    expect(await chainOf(self)).toEqual({ status: "missing", ids: [] });
    const stranger = await community({ owner: MALLORY, parentCommunity: parent.configUri });
    expect(await chainOf(stranger)).toEqual({ status: "unverified", ids: [] });
    expect(await childrenOf(stubs, await placed(parent))).toEqual([]);

    await parent.stub.remove("config", parent.configUri, OWNER, "3lzz999999999");
    const orphan = await community({ parentCommunity: parent.configUri });
    expect(await chainOf(orphan)).toEqual({ status: "missing", ids: [] });
  });

  it("ends at a cycle instead of walking it forever", async () => {
    const a = await community();
    const b = await community({ parentCommunity: a.configUri });
    await a.configure({ parentCommunity: b.configUri });
    expect(await chainOf(a)).toEqual({ status: "linked", ids: [b.id] });
    expect(await chainOf(b)).toEqual({ status: "linked", ids: [a.id] });
  });

  it("a graduated child keeps its lineage, detached", async () => {
    const parent = await community();
    const child = await community({ parentCommunity: parent.configUri, stage: "graduated" });
    expect(await chainOf(child)).toEqual({ status: "detached", ids: [parent.id] });
  });
});
