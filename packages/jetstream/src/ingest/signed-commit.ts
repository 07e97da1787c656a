// A #commit frame as its signature covers it. @atproto/sync verifies the signature of the CAR's root
// block (the commit object) and every op against that commit's MST, but the events it returns copy
// the frame's top-level `rev`, which nothing signs: a hostile upstream could replay an old commit
// under a newer rev. The root block is decoded here from the same bytes (readCarWithRoot checks each
// block against its CID), so the rev is the one the repo's key signed.
import type { IdResolver } from "@atproto/identity";
import { def, MemoryBlockstore, readCarWithRoot } from "@atproto/repo";
import { type CommitEvt, parseCommitAuthenticated } from "@atproto/sync";

export type CommitBody = Parameters<typeof parseCommitAuthenticated>[1];

export interface SignedCommit {
  // The ops proven against the signed commit (an op whose proof fails is left out).
  events: CommitEvt[];
  // Null when no op was proven: then nothing says the signature was checked.
  rev: string | null;
}

export async function parseSignedCommit(idResolver: IdResolver, body: CommitBody): Promise<SignedCommit> {
  const events = await parseCommitAuthenticated(idResolver, body);
  if (events.length === 0) return { events, rev: null };
  const car = await readCarWithRoot(body.blocks);
  const commit = await new MemoryBlockstore(car.blocks).readObj(car.root, def.commit);
  return { events, rev: commit.rev };
}
