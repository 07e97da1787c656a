// A takedown end to end on the shared devnet: the administrator takes a member's account down on the
// PDS (com.atproto.admin.updateSubjectStatus), the #account event (active: false, status: takendown)
// reaches the Worker through our Jetstream, and the member's posts leave the community feed while the
// owner's stay; restoring the account (#account active) brings them back.
import { AtpAgent } from "@atproto/api";
import type { Collector, TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Community, post, waitForFeed } from "./support/community-scenario.ts";
import { accountEvents, communityWithWatchedMember } from "./support/watched-member.ts";

const { pdsUrl, jetstreamUrl, workerUrl, pdsAdminPassword } = inject("devnet");
const asAdmin = {
  headers: { authorization: `Basic ${Buffer.from(`admin:${pdsAdminPassword}`).toString("base64")}` },
};

describe("a taken-down account in community feeds", () => {
  let owner: TestAccount;
  let member: TestAccount;
  let community: Community;
  let collector: Collector;

  beforeAll(async () => {
    ({ owner, member, community, collector } = await communityWithWatchedMember(pdsUrl, jetstreamUrl));
  });
  afterAll(() => collector?.close());

  it("the member's posts leave the feed on takedown and return on restore", async () => {
    const uri = await post(member.agent, `before the takedown ${community.hashtag}`);
    const ownerPost = await post(owner.agent, `the owner stays ${community.hashtag}`);
    await waitForFeed(workerUrl, community.feed, (u) => u.includes(uri) && u.includes(ownerPost));

    const admin = new AtpAgent({ service: pdsUrl }).com.atproto.admin;
    const subject = { $type: "com.atproto.admin.defs#repoRef", did: member.did };
    await admin.updateSubjectStatus({ subject, takedown: { applied: true, ref: "takedown-feed" } }, asAdmin);
    const events = await collector.waitFor((evs) => accountEvents(evs).some((a) => a.status === "takendown"));
    expect(accountEvents(events).at(-1)).toMatchObject({
      did: member.did,
      active: false,
      status: "takendown",
    });
    const feed = await waitForFeed(workerUrl, community.feed, (u) => !u.includes(uri));
    expect(feed).toContain(ownerPost);

    await admin.updateSubjectStatus({ subject, takedown: { applied: false } }, asAdmin);
    await collector.waitFor((evs) => {
      const seen = accountEvents(evs);
      return seen.some((a) => a.status === "takendown") && seen.at(-1)?.active === true;
    });
    const restored = await waitForFeed(workerUrl, community.feed, (u) => u.includes(uri));
    expect(restored).toContain(ownerPost);
  });
});
