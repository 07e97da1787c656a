// Indexing a write a route performed in the caller's repo, at once: the PDS acknowledged the commit,
// so the record exists from that moment, and it goes through the same path as a stream event with
// the acknowledged rev, as an "own-write" observation at the acknowledgement (registry/claim-rule.ts:
// a community created through the route owns its hashtag when the route answers). The write has
// happened whatever indexing does: a failure here is logged, not answered; the stream indexes the
// commit shortly anyway.
import { AtUri } from "@atproto/syntax";
import type { ApiContext } from "../api/method.ts";
import type { JetstreamEvent } from "../env.ts";
import type { Outcome } from "../ingest/apply-event.ts";
import type { WriteAck } from "../oauth/repo-writer.ts";
import type { Services } from "../services.ts";

export interface OwnWrite {
  did: string;
  collection: string;
  operation: "create" | "update";
  record: Record<string, unknown>;
  ack: WriteAck;
}

/** The stream event the write would have been, observed at `nowUs`. */
export function ownWriteEvent(write: OwnWrite, nowUs: number): JetstreamEvent {
  const { did, collection, operation, record, ack } = write;
  return {
    did,
    time_us: nowUs,
    kind: "commit",
    commit: { rev: ack.rev, operation, collection, rkey: new AtUri(ack.uri).rkey, record, cid: ack.cid },
  };
}

/** Indexes the acknowledged write; null when indexing failed (logged). */
export async function indexOwnWrite(
  services: Pick<Services, "ingest">,
  write: OwnWrite,
): Promise<Outcome | null> {
  try {
    const outcome = await services.ingest.applyEvent(ownWriteEvent(write, Date.now() * 1000), "own-write");
    if (outcome !== "applied")
      console.warn(`own write ${write.ack.uri} (rev ${write.ack.rev}) was not indexed: ${outcome}`);
    return outcome;
  } catch (err) {
    console.error(`own write ${write.ack.uri} (rev ${write.ack.rev}) written, indexing failed`, err);
    return null;
  }
}

/** Creates the record in the caller's repo and indexes it at once; the PDS's acknowledgement. */
export async function createOwnRecord(
  ctx: Pick<ApiContext, "services" | "writer">,
  collection: string,
  record: Record<string, unknown>,
): Promise<WriteAck> {
  const writer = await ctx.writer();
  const ack = await writer.createRecord(collection, record);
  await indexOwnWrite(ctx.services, { did: writer.did, collection, operation: "create", record, ack });
  return ack;
}

/**
 * Deletes the record from the caller's repo and indexes the delete at once, like a create; false when
 * the repo held no such record (the PDS made no commit, so there is nothing to index).
 */
export async function deleteOwnRecord(
  ctx: Pick<ApiContext, "services" | "writer">,
  collection: string,
  rkey: string,
): Promise<boolean> {
  const writer = await ctx.writer();
  const ack = await writer.deleteRecord(collection, rkey);
  if (!ack) return false;
  const event: JetstreamEvent = {
    did: writer.did,
    time_us: Date.now() * 1000,
    kind: "commit",
    commit: { rev: ack.rev, operation: "delete", collection, rkey },
  };
  try {
    await ctx.services.ingest.applyEvent(event, "own-write");
  } catch (err) {
    console.error(`own delete of ${collection}/${rkey} (rev ${ack.rev}) done, indexing failed`, err);
  }
  return true;
}
