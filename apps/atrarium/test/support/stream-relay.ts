// For Workers whose own stream is a scripted Jetstream (apiPipeline({ jetstream: false })): the real
// Jetstream's event for a record, as it logged it (its time_us is the stream's own observation), so
// the test hands it to the Worker when, and in the order, a case needs.
import { openCollector, subscribeUrl } from "@atrarium/testkit";
import { callApi, eventually } from "./api-client.ts";
import type { ApiPipeline } from "./api-pipeline.ts";

// The latest event the real Jetstream logged for `uri`, as raw JSON.
export async function loggedEvent(jetstreamUrl: string, uri: string, timeoutMs = 10_000): Promise<string> {
  const [did, collection, rkey] = uri.slice("at://".length).split("/");
  const collector = await openCollector(
    subscribeUrl(jetstreamUrl, { wantedDids: did, wantedCollections: collection, cursor: "1" }),
  );
  try {
    const matching = () =>
      collector.events.filter((e) => e.kind === "commit" && e.commit.rkey === rkey && e.did === did);
    await collector.waitFor(() => matching().length > 0, timeoutMs);
    return JSON.stringify(matching().at(-1));
  } finally {
    collector.close();
  }
}

// Sends the logged events of `uris` to the Worker's scripted stream, in this order.
export async function deliver(p: ApiPipeline, ...uris: string[]): Promise<number[]> {
  if (!p.silent) throw new Error("the pipeline's Worker listens to the real Jetstream");
  const raws = [];
  for (const uri of uris) raws.push(await loggedEvent(p.stack.jetstreamUrl as string, uri));
  p.silent.send(raws);
  return raws.map((raw) => JSON.parse(raw).time_us as number);
}

let pollingIp = 0;

// Who the Worker says owns community `id` (null: not registered).
export async function ownerOf(p: ApiPipeline, id: string): Promise<string | null> {
  // Addresses of its own (wrangler dev keeps the header), so polling spends no budget a case measures.
  const headers = { "cf-connecting-ip": `192.0.2.${(pollingIp++ % 254) + 1}` };
  const res = await callApi<{ community?: { owner: string } }>(p.url, `/api/communities/${id}`, { headers });
  if (res.status === 404) return null;
  if (res.status !== 200)
    throw new Error(`/api/communities/${id} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.community?.owner ?? null;
}

// Delivers a community's config through the stream and waits until the Worker has registered it.
export async function indexConfig(p: ApiPipeline, community: { uri: string; id: string; owner: string }) {
  await deliver(p, community.uri);
  await eventually(
    async () => (await ownerOf(p, community.id)) === community.owner,
    15_000,
    `${community.id} registered`,
  );
}
