// The sync hint (net.atrarium.sync.indexRecord): a signed-in caller names a record in their own repo;
// we fetch it from their PDS with its proof and apply it through the same path as a stream event, with
// the verified commit's rev, so the dashboard sees its own write before the firehose delivers it. An
// absent record with a valid proof is a proven deletion, applied only if we had indexed the record.
// A hint never claims a hashtag: a config is applied only if it already owns its hashtag (the stream
// decides who does, registry/claim-rule.ts), so a new community's config answers "ignored" until the
// stream has brought it.
import {
  COMMUNITY_CONFIG_NSID,
  COMMUNITY_EMOJI_NSID,
  COMMUNITY_MEMBERSHIP_NSID,
  COMMUNITY_REACTION_NSID,
  MODERATION_ACTION_NSID,
} from "@atrarium/lexicon";
import type { JetstreamEvent } from "../env.ts";
import { IdentityError } from "../identity/did-resolver.ts";
import { communityIdsOf, hashtagId } from "../ingest/hashtag-match.ts";
import type { Services } from "../services.ts";
import { UpstreamError } from "../shared/upstream.ts";
import { XrpcError } from "../shared/xrpc-error.ts";
import type { Stubs } from "../stubs.ts";
import { ProofError } from "./record-proof.ts";
import { fetchVerifiedRecord } from "./verified-record.ts";

const POST = "app.bsky.feed.post";
export const HINTABLE = new Set([
  COMMUNITY_CONFIG_NSID,
  COMMUNITY_MEMBERSHIP_NSID,
  MODERATION_ACTION_NSID,
  COMMUNITY_REACTION_NSID,
  COMMUNITY_EMOJI_NSID,
  POST,
]);
const AT_URI = /^at:\/\/(did:[a-z]+:[a-zA-Z0-9._:%-]+)\/([a-zA-Z0-9.-]+)\/([a-zA-Z0-9._:~-]{1,512})$/;

export interface IndexResult {
  uri: string;
  status: "indexed" | "deleted" | "parked" | "ignored";
  rev: string;
  cid?: string;
}

export async function indexRecord(
  services: Pick<Services, "stubs" | "resolver" | "ingest">,
  caller: string,
  input: { uri: string; community?: string },
): Promise<IndexResult> {
  const match = AT_URI.exec(input.uri);
  if (!match) throw new XrpcError(400, "InvalidRequest", "uri must be at://<did>/<collection>/<rkey>");
  const [, did, collection, rkey] = match;
  if (did !== caller)
    throw new XrpcError(403, "Forbidden", "only records in the caller's own repo can be hinted");
  if (!HINTABLE.has(collection))
    throw new XrpcError(400, "InvalidRequest", `${collection} is not a collection Atrarium indexes`);
  let proven: Awaited<ReturnType<typeof fetchVerifiedRecord>>;
  try {
    proven = await fetchVerifiedRecord(services.resolver, did, collection, rkey);
  } catch (err) {
    if (err instanceof ProofError) throw new XrpcError(400, "InvalidProof", err.message);
    if (err instanceof UpstreamError || err instanceof IdentityError)
      throw new XrpcError(502, "RepoUnavailable", err.message);
    throw err;
  }
  if (!proven) throw new XrpcError(404, "RecordNotFound", `${input.uri} does not exist`);
  const event = (record?: Record<string, unknown>, cid?: string): JetstreamEvent => ({
    did,
    time_us: Date.now() * 1000,
    kind: "commit",
    commit: { rev: proven.rev, operation: record ? "create" : "delete", collection, rkey, record, cid },
  });
  if (!proven.record) {
    if (!(await wasIndexed(services.stubs, collection, input.uri)))
      throw new XrpcError(404, "RecordNotFound", `${input.uri} does not exist`);
    await services.ingest.applyEvent(event(), "owner-sync");
    return { uri: input.uri, status: "deleted", rev: proven.rev };
  }
  const { value, cid } = proven.record;
  if (input.community && !(await concerns(services.stubs, collection, value, input.community)))
    throw new XrpcError(400, "InvalidRequest", `${input.uri} does not concern community ${input.community}`);
  const outcome = await services.ingest.applyEvent(event(value, cid), "owner-sync");
  if (outcome === "invalid")
    throw new XrpcError(400, "InvalidRecord", `${input.uri} breaks the ${collection} rules`);
  const status = outcome === "applied" ? "indexed" : outcome;
  return { uri: input.uri, status, rev: proven.rev, cid };
}

async function wasIndexed(stubs: Stubs, collection: string, uri: string): Promise<boolean> {
  if (collection === COMMUNITY_CONFIG_NSID) return (await stubs.registry().byConfigUri(uri)) !== null;
  const did = uri.slice("at://".length, uri.indexOf("/", "at://".length));
  const placement = await stubs.recordIndex(did).get(uri);
  return placement !== null && !placement.deleted;
}

async function concerns(
  stubs: Stubs,
  collection: string,
  record: Record<string, unknown>,
  community: string,
): Promise<boolean> {
  if (collection === POST) return communityIdsOf(record).includes(community);
  if (collection === COMMUNITY_CONFIG_NSID)
    return typeof record.hashtag === "string" && hashtagId(record.hashtag) === community;
  if (typeof record.community !== "string") return false;
  // communityOf follows owner transfers: a record naming the previous owner's config still concerns it.
  const entry = await stubs.registry().communityOf(record.community);
  // A record naming a config we have not seen yet is parked by applyEvent; it cannot be checked here.
  return entry === null || entry.id === community;
}
