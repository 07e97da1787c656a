// Write bursts for the crash test: concurrent writers that remember every acknowledged write and the
// one write each had in flight when the server died, so recovery can be checked exactly.
import { TID } from "@atproto/common";
import { cidForLex } from "@atproto/lex-cbor";
import type { LexMap } from "@atproto/lex-data";
import type { TestAccount } from "@atrarium/testkit";

const COLLECTION = "app.bsky.feed.post";

// Per record URI: its CID, or null once deleted.
export type RecordStates = Map<string, string | null>;

export interface Writer {
  acct: TestAccount;
  name: string;
  acked: RecordStates;
  // The states the write in flight would set (applyWrites: all of them or none).
  inflight: RecordStates | null;
  ackedRevs: string[];
  // Errors while the server was meant to be up.
  unexpected: string[];
  counter: number;
}

export function newWriter(acct: TestAccount, name: string): Writer {
  return { acct, name, acked: new Map(), inflight: null, ackedRevs: [], unexpected: [], counter: 0 };
}

// mulberry32: a seeded generator, so a failing run can be replayed with the seed it prints.
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const post = (text: string) => ({ $type: COLLECTION, text, createdAt: new Date().toISOString() });
const cidOf = async (record: object) => (await cidForLex(record as LexMap)).toString();
const rkeyOf = (uri: string) => uri.split("/").pop() as string;

async function nextOp(w: Writer, random: () => number): Promise<() => Promise<{ rev: string } | undefined>> {
  const { agent, did } = w.acct;
  const repo = w.acct.did;
  const live = [...w.acked].filter(([, cid]) => cid !== null).map(([uri]) => uri);
  const pick = () => live[Math.floor(random() * live.length)];
  const fresh = () => {
    // Posts are keyed by TID (their lexicon says so); the writer's own clock keeps them unique.
    const rkey = TID.nextStr();
    w.counter++;
    return { rkey, uri: `at://${did}/${COLLECTION}/${rkey}` };
  };
  const r = random();
  if (live.length >= 3 && r < 0.2) {
    const uri = pick();
    const record = post(`update ${w.counter++}`);
    w.inflight = new Map([[uri, await cidOf(record)]]);
    return async () =>
      (await agent.com.atproto.repo.putRecord({ repo, collection: COLLECTION, rkey: rkeyOf(uri), record }))
        .data.commit;
  }
  if (live.length >= 3 && r < 0.35) {
    const uri = pick();
    w.inflight = new Map([[uri, null]]);
    return async () =>
      (await agent.com.atproto.repo.deleteRecord({ repo, collection: COLLECTION, rkey: rkeyOf(uri) })).data
        .commit;
  }
  if (live.length >= 3 && r < 0.5) {
    // One atomic commit: two creates, an update and a delete.
    const [a, b] = [fresh(), fresh()];
    const [recA, recB, recU] = [post("batch a"), post("batch b"), post("batch u")];
    const updated = pick();
    const deleted = live.find((u) => u !== updated) as string;
    w.inflight = new Map<string, string | null>([
      [a.uri, await cidOf(recA)],
      [b.uri, await cidOf(recB)],
      [updated, await cidOf(recU)],
      [deleted, null],
    ]);
    const ns = "com.atproto.repo.applyWrites";
    return async () =>
      (
        await agent.com.atproto.repo.applyWrites({
          repo,
          writes: [
            { $type: `${ns}#create`, collection: COLLECTION, rkey: a.rkey, value: recA },
            { $type: `${ns}#create`, collection: COLLECTION, rkey: b.rkey, value: recB },
            { $type: `${ns}#update`, collection: COLLECTION, rkey: rkeyOf(updated), value: recU },
            { $type: `${ns}#delete`, collection: COLLECTION, rkey: rkeyOf(deleted) },
          ],
        })
      ).data.commit;
  }
  const { rkey, uri } = fresh();
  const record = post(`create ${rkey}`);
  w.inflight = new Map([[uri, await cidOf(record)]]);
  return async () =>
    (await agent.com.atproto.repo.createRecord({ repo, collection: COLLECTION, rkey, record })).data.commit;
}

// Writes until told to stop, the first failure, `maxOps` or `deadline`, whichever comes first.
export async function runWriter(
  w: Writer,
  random: () => number,
  opts: { maxOps: number; deadline: number; killed: () => boolean },
): Promise<number> {
  let ops = 0;
  while (!opts.killed() && ops < opts.maxOps && Date.now() < opts.deadline) {
    const call = await nextOp(w, random);
    try {
      const commit = await call();
      if (!commit) throw new Error("write returned no commit");
      for (const [uri, cid] of w.inflight ?? []) w.acked.set(uri, cid);
      w.ackedRevs.push(commit.rev);
      w.inflight = null;
      ops++;
    } catch (err) {
      if (!opts.killed()) w.unexpected.push(String(err));
      return ops;
    }
  }
  return ops;
}

// What a repo must hold after recovery: each acknowledged state, except that a write in flight at
// the kill either fully happened or did not happen at all.
export function checkRecords(writers: Writer[], actual: Map<string, string>): string[] {
  const problems: string[] = [];
  const known = new Set<string>();
  for (const w of writers) {
    const inflight = w.inflight ?? new Map<string, string | null>();
    const state = (uri: string) => actual.get(uri) ?? null;
    const before = [...inflight.keys()].every((uri) => state(uri) === (w.acked.get(uri) ?? null));
    const after = [...inflight].every(([uri, cid]) => state(uri) === cid);
    if (!before && !after) problems.push(`${w.name}: in-flight write applied partially`);
    for (const [uri, cid] of w.acked) {
      known.add(uri);
      if (!inflight.has(uri) && state(uri) !== cid) {
        problems.push(`${uri}: expected ${cid}, found ${state(uri)}`);
      }
    }
    for (const uri of inflight.keys()) known.add(uri);
  }
  for (const uri of actual.keys()) if (!known.has(uri)) problems.push(`${uri}: never written`);
  return problems;
}

// After a check, a write that turns out to have happened counts as acknowledged for the next round.
// Returns whether it had.
export function settleInflight(w: Writer, actual: Map<string, string>): boolean {
  const inflight = w.inflight;
  w.inflight = null;
  if (!inflight) return false;
  if (![...inflight].every(([uri, cid]) => (actual.get(uri) ?? null) === cid)) return false;
  for (const [uri, cid] of inflight) w.acked.set(uri, cid);
  return true;
}
