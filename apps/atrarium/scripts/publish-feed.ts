// Publishes a community's feed generator record (app.bsky.feed.generator, rkey = community id) into
// the owner's repo, so Bluesky clients can find the feed. Run with Node 24:
//   node apps/atrarium/scripts/publish-feed.ts --pds http://localhost:2583 --handle alice.test \
//     --password ... --community 1a2b3c4d --service-did did:web:localhost%3A8787 [--name "..."]
import { parseArgs } from "node:util";
import { AtpAgent } from "@atproto/api";

export interface PublishOptions {
  agent: AtpAgent;
  communityId: string;
  serviceDid: string;
  displayName: string;
  description?: string;
}

export async function publishFeedGenerator(opts: PublishOptions): Promise<string> {
  const res = await opts.agent.com.atproto.repo.putRecord({
    repo: opts.agent.assertDid,
    collection: "app.bsky.feed.generator",
    rkey: opts.communityId,
    record: {
      $type: "app.bsky.feed.generator",
      did: opts.serviceDid,
      displayName: opts.displayName.slice(0, 24),
      description: opts.description,
      createdAt: new Date().toISOString(),
    },
  });
  return res.data.uri;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      pds: { type: "string", default: "http://localhost:2583" },
      handle: { type: "string" },
      password: { type: "string" },
      community: { type: "string" },
      "service-did": { type: "string", default: "did:web:localhost%3A8787" },
      name: { type: "string", default: "Atrarium community" },
    },
  });
  if (!values.handle || !values.password || !/^[0-9a-f]{8}$/.test(values.community ?? "")) {
    process.stderr.write(
      "usage: publish-feed.ts --handle H --password P --community <8 hex> [--pds URL] [--service-did DID]\n",
    );
    process.exit(2);
  }
  const agent = new AtpAgent({ service: values.pds });
  await agent.login({ identifier: values.handle, password: values.password });
  const uri = await publishFeedGenerator({
    agent,
    communityId: values.community as string,
    serviceDid: values["service-did"],
    displayName: values.name,
  });
  process.stdout.write(`${uri}\n`);
}
