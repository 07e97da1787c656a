// First-run demo data, written through the real APIs into users' own repos (PDS-first): accounts,
// a community owned by alice, memberships, and posts carrying the community hashtag.
import { randomBytes } from "node:crypto";
import { AtpAgent, RichText } from "@atproto/api";

export const DEMO_PASSWORD = "devnet-password";
// The PDS administrator's password on a devnet (HTTP Basic `admin:<this>`): the admin API and /admin.
export const DEVNET_ADMIN_PASSWORD = "devnet-admin";
export const DEMO_USERS = ["alice", "bob", "carol", "dave"] as const;

export interface DemoData {
  accounts: { handle: string; did: string }[];
  community: { uri: string; hashtag: string; name: string };
}

async function login(pdsUrl: string, name: string): Promise<AtpAgent> {
  const agent = new AtpAgent({ service: pdsUrl });
  await agent.login({ identifier: `${name}.test`, password: DEMO_PASSWORD });
  return agent;
}

async function post(agent: AtpAgent, text: string): Promise<void> {
  const rt = new RichText({ text });
  rt.detectFacetsWithoutResolution();
  await agent.com.atproto.repo.createRecord({
    repo: agent.assertDid,
    collection: "app.bsky.feed.post",
    record: {
      $type: "app.bsky.feed.post",
      text: rt.text,
      facets: rt.facets,
      createdAt: new Date().toISOString(),
    },
  });
}

export async function seedDemoData(pdsUrl: string): Promise<DemoData> {
  const accounts: DemoData["accounts"] = [];
  for (const name of DEMO_USERS) {
    const agent = new AtpAgent({ service: pdsUrl });
    const res = await agent.createAccount({
      handle: `${name}.test`,
      password: DEMO_PASSWORD,
      email: `${name}@devnet.test`,
    });
    accounts.push({ handle: res.data.handle, did: res.data.did });
  }
  const alice = await login(pdsUrl, "alice");
  const hashtag = `#atrarium_${randomBytes(4).toString("hex")}`;
  const name = "Devnet Gardeners";
  const config = await alice.com.atproto.repo.createRecord({
    repo: alice.assertDid,
    collection: "net.atrarium.community.config",
    record: {
      $type: "net.atrarium.community.config",
      name,
      description: "A demo community seeded by the devnet",
      hashtag,
      stage: "theme",
      feedMix: { own: 80, parent: 15, global: 5 },
      moderators: [],
      createdAt: new Date().toISOString(),
    },
  });
  const community = { uri: config.data.uri, hashtag, name };
  for (const member of ["bob", "carol"]) {
    const agent = await login(pdsUrl, member);
    await agent.com.atproto.repo.createRecord({
      repo: agent.assertDid,
      collection: "net.atrarium.community.membership",
      record: {
        $type: "net.atrarium.community.membership",
        community: community.uri,
        role: "member",
        joinedAt: new Date().toISOString(),
        active: true,
      },
    });
    await post(agent, `Hello from ${member}! ${hashtag}`);
    await post(agent, `My tomatoes are finally ripening ${hashtag}`);
  }
  await post(alice, `Welcome to ${name} ${hashtag}`);
  return { accounts, community };
}
