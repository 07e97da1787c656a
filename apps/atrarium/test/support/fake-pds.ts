// A PDS that serves whatever sync.getRecord answer a test scripts, e.g. proofs signed by the wrong
// key or with a tampered record block, built with @atproto/repo.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Keypair } from "@atproto/crypto";
import { getRecords, MemoryBlockstore, Repo, WriteOpAction } from "@atproto/repo";

export interface FakePds {
  url: string;
  // The CAR to answer for the next getRecord calls (null: answer RecordNotFound).
  answer: (car: Uint8Array | null) => void;
  close: () => Promise<void>;
}

export async function fakePds(): Promise<FakePds> {
  let car: Uint8Array | null = null;
  const server: Server = createServer((req, res) => {
    if (!req.url?.startsWith("/xrpc/com.atproto.sync.getRecord")) {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":"NotFound","message":"no"}');
    } else if (!car) {
      res.writeHead(400, { "content-type": "application/json" });
      res.end('{"error":"RecordNotFound","message":"Could not locate record"}');
    } else {
      res.writeHead(200, { "content-type": "application/vnd.ipld.car" }).end(Buffer.from(car));
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answer: (next) => {
      car = next;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}

// A repo of `did` holding one record, signed by `key`, and the getRecord proof CAR for that record.
export async function proofCar(
  did: string,
  key: Keypair,
  collection: string,
  rkey: string,
  record: Record<string, unknown>,
): Promise<Uint8Array> {
  const storage = new MemoryBlockstore();
  const write = { action: WriteOpAction.Create, collection, rkey, record } as never;
  const repo = await Repo.create(storage, did, key, [write]);
  const chunks: Uint8Array[] = [];
  for await (const chunk of getRecords(storage, repo.cid, [{ collection, rkey }])) chunks.push(chunk);
  return Buffer.concat(chunks);
}
