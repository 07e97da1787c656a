// A community with one member whose #account events the test follows on Jetstream: the setup of the
// tests that change an account's status (deactivation, deletion, takedown) and watch its posts leave
// and return.
import {
  type Collector,
  createTestAccount,
  type JetstreamEvent,
  openCollector,
  subscribeUrl,
  type TestAccount,
} from "@atrarium/testkit";
import { type Community, createCommunity, join } from "./community-scenario.ts";

export interface WatchedMember {
  owner: TestAccount;
  member: TestAccount;
  community: Community;
  // The member's events from Jetstream, from before anything happened to the account.
  collector: Collector;
}

export async function communityWithWatchedMember(
  pdsUrl: string,
  jetstreamUrl: string,
): Promise<WatchedMember> {
  const [owner, member] = await Promise.all([createTestAccount(pdsUrl), createTestAccount(pdsUrl)]);
  const community = await createCommunity(owner.agent);
  await join(member.agent, community);
  const collector = await openCollector(subscribeUrl(jetstreamUrl, { wantedDids: member.did }));
  return { owner, member, community, collector };
}

export const accountEvents = (events: JetstreamEvent[]) =>
  events.flatMap((e) => (e.kind === "account" ? [e.account] : []));
