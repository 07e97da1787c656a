// importRepo: replaces a (migrating, still deactivated) account's repo with the one in a CAR. The CAR
// must verify against the DID's signing key in our PLC directory, i.e. be the repo its current host
// signed. Its MST and records are stored as they are, under a fresh commit signed with our key (so the
// repo verifies here once the DID document names that key), and with a rev after the imported one.
// Blob references are indexed; blobs not uploaded yet show up in listMissingBlobs. No firehose event:
// activation announces the account with a #sync.
import { TID } from "@atproto/common";
import { cidForLex, encode } from "@atproto/lex-cbor";
import { type Cid, enumBlobRefs, getBlobCidString, type LexMap, parseCid } from "@atproto/lex-data";
import {
  type BlockMap,
  cborToLexRecord,
  def,
  MemoryBlockstore,
  MST,
  readCarWithRoot,
  signCommit,
  verifyRepo,
} from "@atproto/repo";
import { transact } from "@atrarium/sqlite";
import type { Actor } from "../actor-store/actor.ts";
import type { AppContext } from "../context.ts";
import { resolveSigningKey } from "../identity/signing-key.ts";
import { XrpcError } from "../xrpc/errors.ts";
import { checkCollection, checkRkey } from "./prepare.ts";

interface ImportedRecord {
  uri: string;
  collection: string;
  rkey: string;
  cid: Cid;
  blobCids: string[];
}

const invalid = (message: string) => new XrpcError(400, "InvalidRequest", message);

export async function importRepo(
  ctx: AppContext,
  did: string,
  car: Uint8Array,
): Promise<{ cid: Cid; rev: string }> {
  const { blocks, dataRoot, importedRev, records } = await verifyImport(ctx, did, car);
  const actor = ctx.actors.get(did);
  const keypair = await actor.getKeypair();
  return actor.lock.run(async () => {
    const current = actor.rootRow();
    const after = current && current.rev > importedRev ? current.rev : importedRev;
    const rev = TID.nextStr(after);
    const commit = await signCommit({ did, version: 3, rev, prev: null, data: dataRoot }, keypair);
    const commitCid = await cidForLex(commit as unknown as LexMap);
    const referenced = new Set(records.flatMap((r) => r.blobCids));
    const promoted = await promoteTempBlobs(ctx, actor, referenced);
    const dropped = transact(actor.db, () => {
      for (const table of ["repo_block", "record", "record_blob"]) actor.stmt(`DELETE FROM ${table}`).run();
      const putBlock = actor.stmt(
        "INSERT OR IGNORE INTO repo_block (cid, repo_rev, content) VALUES (?, ?, ?)",
      );
      for (const { cid, bytes } of blocks.entries()) putBlock.run(cid.bytes, rev, bytes);
      putBlock.run(commitCid.bytes, rev, encode(commit as unknown as LexMap));
      const now = new Date().toISOString();
      const putRecord = actor.stmt(
        "INSERT INTO record (uri, cid, collection, rkey, repo_rev, indexed_at) VALUES (?, ?, ?, ?, ?, ?)",
      );
      const link = actor.stmt("INSERT OR IGNORE INTO record_blob (blob_cid, record_uri) VALUES (?, ?)");
      for (const r of records) {
        putRecord.run(r.uri, r.cid.bytes, r.collection, r.rkey, rev, now);
        for (const cid of r.blobCids) link.run(cid, r.uri);
      }
      for (const cid of promoted.keys()) actor.stmt("UPDATE blob SET temp_key = NULL WHERE cid = ?").run(cid);
      // Blobs of the replaced repo that no imported record references go, as after a record delete.
      const orphans = actor
        .stmt(
          "SELECT cid FROM blob WHERE temp_key IS NULL AND NOT EXISTS (SELECT 1 FROM record_blob WHERE blob_cid = cid)",
        )
        .all() as { cid: string }[];
      for (const { cid } of orphans) actor.stmt("DELETE FROM blob WHERE cid = ?").run(cid);
      actor
        .stmt(
          `INSERT INTO repo_root (id, did, cid, rev, indexed_at) VALUES (1, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET cid = excluded.cid, rev = excluded.rev, indexed_at = excluded.indexed_at`,
        )
        .run(did, commitCid.bytes, rev, now);
      return orphans.map((o) => o.cid);
    });
    actor.setHead({ cid: commitCid, rev, data: MST.load(actor.blocks, dataRoot) });
    try {
      for (const key of promoted.values()) await ctx.blobstore.deleteTemp(did, key);
      for (const cid of dropped) await ctx.blobstore.delete(did, parseCid(cid));
    } catch (err) {
      ctx.logger.warn({ err, did }, "could not remove blob files after an import");
    }
    ctx.accounts.updateRoot(did, commitCid.toString(), rev);
    return { cid: commitCid, rev };
  });
}

async function verifyImport(ctx: AppContext, did: string, car: Uint8Array) {
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
  const records: ImportedRecord[] = verified.creates.map((c) => {
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
    return {
      uri: `at://${did}/${c.collection}/${c.rkey}`,
      collection: c.collection,
      rkey: c.rkey,
      cid: c.cid,
      blobCids: [...blobCids],
    };
  });
  return { blocks, dataRoot: signed.data, importedRev: signed.rev, records };
}

// Blobs uploaded before the import (still temp) that imported records reference become permanent.
async function promoteTempBlobs(ctx: AppContext, actor: Actor, referenced: Set<string>) {
  const promoted = new Map<string, string>();
  const temps = actor.stmt("SELECT cid, temp_key FROM blob WHERE temp_key IS NOT NULL").all() as {
    cid: string;
    temp_key: string;
  }[];
  for (const t of temps) {
    if (!referenced.has(t.cid)) continue;
    await ctx.blobstore.makePermanent(actor.did, t.temp_key, parseCid(t.cid));
    promoted.set(t.cid, t.temp_key);
  }
  return promoted;
}
