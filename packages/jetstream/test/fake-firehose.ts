// A tiny stand-in for a PDS firehose, for tests that need upstream events no honest PDS sends: it
// serves subscribeRepos frames (DAG-CBOR header + body) that the test builds, replaying from the
// requested cursor, and commits signed with any key the test likes.
import type { AddressInfo } from "node:net";
import type { Keypair } from "@atproto/crypto";
import { cidForLex, encode } from "@atproto/lex-cbor";
import type { LexMap } from "@atproto/lex-data";
import { blocksToCarFile, MemoryBlockstore, Repo, WriteOpAction } from "@atproto/repo";
import { WebSocketServer } from "ws";

export interface FakeFirehose {
  url: string;
  // Frames sent so far, by seq; new subscribers get those past their cursor.
  push: (type: "#commit" | "#account" | "#identity", body: LexMap & { seq: number }) => void;
  // Sends `bytes` as one frame to the subscribers connected now (not replayed): for malformed frames.
  // Returns how many subscribers it went to.
  pushRaw: (bytes: Uint8Array) => number;
  close: () => Promise<void>;
}

export async function startFakeFirehose(): Promise<FakeFirehose> {
  const frames: { seq: number; bytes: Uint8Array }[] = [];
  const wss = new WebSocketServer({
    port: 0,
    host: "127.0.0.1",
    path: "/xrpc/com.atproto.sync.subscribeRepos",
  });
  await new Promise((r) => wss.once("listening", r));
  wss.on("connection", (ws, req) => {
    const cursor = Number(new URL(req.url ?? "/", "http://x").searchParams.get("cursor") ?? 0);
    for (const f of frames) if (f.seq > cursor) ws.send(f.bytes);
  });
  const port = (wss.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    push: (type, body) => {
      const header = encode({ op: 1, t: type });
      const payload = encode(body);
      const bytes = new Uint8Array(header.length + payload.length);
      bytes.set(header);
      bytes.set(payload, header.length);
      frames.push({ seq: body.seq, bytes });
      for (const ws of wss.clients) ws.send(bytes);
    },
    pushRaw: (bytes) => {
      for (const ws of wss.clients) ws.send(bytes);
      return wss.clients.size;
    },
    close: () =>
      new Promise((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}

// A correctly framed genesis #commit of `did`'s repo with one record, signed by `key`.
export async function signedCommit(
  did: string,
  key: Keypair,
  seq: number,
  collection: string,
  record: LexMap,
) {
  const rkey = "3kzzzzzzzzz22";
  const commit = await Repo.formatInitCommit(new MemoryBlockstore(), did, key, [
    { action: WriteOpAction.Create, collection: collection as never, rkey: rkey as never, record },
  ]);
  return {
    seq,
    rebase: false,
    tooBig: false,
    repo: did,
    commit: commit.cid,
    rev: commit.rev,
    since: null,
    blocks: await blocksToCarFile(commit.cid, commit.newBlocks),
    ops: [{ action: "create", path: `${collection}/${rkey}`, cid: await cidForLex(record) }],
    blobs: [],
    time: new Date().toISOString(),
  } as unknown as LexMap & { seq: number };
}
