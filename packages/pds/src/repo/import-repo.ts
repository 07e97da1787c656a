// importRepo: replaces a (migrating, still deactivated) account's repo with the one in a CAR. The CAR
// must verify against the DID's signing key in our PLC directory, i.e. be the repo its current host
// signed. This module only checks and parses it; the actor store then stores its MST and records as
// they are under a fresh commit signed with our key (so the repo verifies here once the DID document
// names that key), with a rev after the imported one, through the same commit path as every write.
// Blob references are indexed; blobs not uploaded yet show up in listMissingBlobs.
import { type Cid, enumBlobRefs, getBlobCidString, type LexMap } from "@atproto/lex-data";
import {
  type BlockMap,
  cborToLexRecord,
  def,
  MemoryBlockstore,
  readCarWithRoot,
  verifyRepo,
} from "@atproto/repo";
import type { CommitResult, ImportedRepo } from "../actor-store/types.ts";
import type { AppContext } from "../context.ts";
import { resolveSigningKey } from "../identity/signing-key.ts";
import { XrpcError } from "../xrpc/errors.ts";
import { checkCollection, checkRkey } from "./prepare.ts";

const invalid = (message: string) => new XrpcError(400, "InvalidRequest", message);

export async function importRepo(ctx: AppContext, did: string, car: Uint8Array): Promise<CommitResult> {
  const imported = await verifyImport(ctx, did, car);
  const result = await ctx.actors.get(did).repo.importRepo(imported);
  await ctx.accounts.updateRoot(did, result.cid.toString(), result.rev);
  return result;
}

async function verifyImport(ctx: AppContext, did: string, car: Uint8Array): Promise<ImportedRepo> {
  let root: Cid;
  let carBlocks: BlockMap;
  try {
    ({ root, blocks: carBlocks } = await readCarWithRoot(car));
  } catch (err) {
    throw invalid(`Could not read CAR: ${(err as Error).message}`);
  }
  const signingKey = await resolveSigningKey(ctx, did);
  if (!signingKey) throw invalid(`Could not resolve the signing key of ${did}`);
  let verified: Awaited<ReturnType<typeof verifyRepo>>;
  try {
    verified = await verifyRepo(carBlocks, root, did, signingKey);
  } catch (err) {
    throw invalid(`Repo does not verify against the DID's signing key: ${(err as Error).message}`);
  }
  const signed = await new MemoryBlockstore(carBlocks).readObj(root, def.commit);
  // Only reachable blocks are kept (newBlocks holds the MST and records); the old commit is replaced.
  const blocks = verified.commit.newBlocks;
  blocks.delete(root);
  const records = verified.creates.map((c) => {
    checkCollection(c.collection);
    checkRkey(c.rkey);
    const bytes = blocks.get(c.cid);
    let record: LexMap;
    try {
      if (!bytes) throw new Error("missing block");
      record = cborToLexRecord(bytes);
    } catch {
      throw invalid(`Could not parse record at '${c.collection}/${c.rkey}'`);
    }
    // Legacy blob refs are indexed too: old records carry them, and the blobs must move along.
    const blobCids = new Set<string>();
    for (const ref of enumBlobRefs(record, { strict: false, allowLegacy: true }))
      blobCids.add(getBlobCidString(ref));
    return { collection: c.collection, rkey: c.rkey, cid: c.cid, blobCids: [...blobCids] };
  });
  return { blocks, dataRoot: signed.data, rev: signed.rev, records };
}
