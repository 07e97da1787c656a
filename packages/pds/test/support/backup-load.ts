// A bounded write load for the backup test: writers that create posts, upload images and post them,
// and delete their own records (dropping blobs), logging every acknowledged commit with what it
// changed, so the state of a repo at any acknowledged rev can be replayed exactly.
import type { TestAccount } from "@atrarium/testkit";
import { imagePost, pngBytes } from "../blob-fixtures.ts";

const POST = "app.bsky.feed.post";

export interface AckedCommit {
  rev: string;
  // Record URI -> its CID, or null once deleted.
  changes: Map<string, string | null>;
  ackedAt: number;
}

export interface RepoLog {
  acct: TestAccount;
  commits: AckedCommit[];
  errors: string[];
}

export const newRepoLog = (acct: TestAccount): RepoLog => ({ acct, commits: [], errors: [] });

/** The records after the acknowledged commit `rev` (revs sort in commit order), or after the last. */
export function stateAt(log: RepoLog, rev?: string): Map<string, string> {
  const state = new Map<string, string>();
  const upTo = log.commits
    .filter((c) => rev === undefined || c.rev <= rev)
    .sort((a, b) => (a.rev < b.rev ? -1 : 1));
  for (const c of upTo) {
    for (const [uri, cid] of c.changes) {
      if (cid === null) state.delete(uri);
      else state.set(uri, cid);
    }
  }
  return state;
}

const liveRecords = (log: RepoLog) => [...stateAt(log).keys()];

export async function createPost(log: RepoLog, withImage: boolean): Promise<void> {
  const { agent, did } = log.acct;
  const record = withImage
    ? imagePost("with an image", (await agent.uploadBlob(pngBytes(300), { encoding: "image/png" })).data.blob)
    : { $type: POST, text: "a post", createdAt: new Date().toISOString() };
  const res = await agent.com.atproto.repo.createRecord({ repo: did, collection: POST, record });
  const rev = res.data.commit?.rev as string;
  log.commits.push({ rev, changes: new Map([[res.data.uri, res.data.cid]]), ackedAt: Date.now() });
}

async function deleteOne(log: RepoLog, random: () => number): Promise<void> {
  const live = liveRecords(log).filter((uri) => !deleting.has(uri));
  if (live.length === 0) return createPost(log, false);
  const uri = live[Math.floor(random() * live.length)];
  deleting.add(uri);
  try {
    const res = await log.acct.agent.com.atproto.repo.deleteRecord({
      repo: log.acct.did,
      collection: POST,
      rkey: uri.split("/").pop() as string,
    });
    const rev = res.data.commit?.rev as string;
    log.commits.push({ rev, changes: new Map([[uri, null]]), ackedAt: Date.now() });
  } finally {
    deleting.delete(uri);
  }
}

// Two writers of one repo must not both delete the same record.
const deleting = new Set<string>();

/** Writes until `stop()`, `maxOps` writes or `deadline`, whichever comes first; errors are logged. */
export async function runLoad(
  log: RepoLog,
  random: () => number,
  opts: { maxOps: number; deadline: number; stop: () => boolean },
): Promise<void> {
  for (let ops = 0; ops < opts.maxOps && Date.now() < opts.deadline && !opts.stop(); ops++) {
    const r = random();
    try {
      if (r < 0.4) await createPost(log, false);
      else if (r < 0.65) await createPost(log, true);
      else await deleteOne(log, random);
    } catch (err) {
      log.errors.push(String(err));
      return;
    }
  }
}
