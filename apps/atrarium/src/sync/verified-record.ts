// A record straight from its repo's PDS, proven by the repo's signed commit: resolve the DID (PDS and
// #atproto key), fetch sync.getRecord, verify. A signature that fails against the cached key is
// checked once more against a freshly resolved one, to follow a key rotation.
import type { DidResolver } from "../identity/did-resolver.ts";
import { UpstreamError } from "../shared/upstream.ts";
import { openRecordProof, ProofError, type ProvenRecord } from "./record-proof.ts";
import { getRecordProof } from "./repo-client.ts";

// null: the PDS says there is no such record and gives no proof of it.
export async function fetchVerifiedRecord(
  resolver: DidResolver,
  did: string,
  collection: string,
  rkey: string,
): Promise<ProvenRecord | null> {
  const identity = await resolver.resolve(did);
  if (!identity.pds) throw new UpstreamError(`${did} names no PDS`);
  const car = await getRecordProof(identity.pds, did, collection, rkey);
  if (!car) return null;
  const proof = await openRecordProof(car, did, `${collection}/${rkey}`);
  const proven = await proof.verify(identity.signingKey);
  if (proven) return proven;
  const fresh = await resolver.resolve(did, { fresh: true });
  const retried = fresh.signingKey !== identity.signingKey ? await proof.verify(fresh.signingKey) : null;
  if (!retried) throw new ProofError("the commit is not signed by the repo's #atproto key");
  return retried;
}
