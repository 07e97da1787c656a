// PDS write/export benchmarks: sequential createRecord, 8 concurrent clients, one applyWrites of 200
// creates, and getRepo of a 2,000-record repo. Each figure is the median of several runs.
import { call, newAccount, postRecord } from "./xrpc-client.ts";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function sequentialCreates(base: string, n: number): Promise<number> {
  const acct = await newAccount(base, `seq${Date.now().toString(36)}`);
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    await call(base, "com.atproto.repo.createRecord", {
      token: acct.accessJwt,
      body: { repo: acct.did, collection: "app.bsky.feed.post", record: postRecord(i) },
    });
  }
  return n / ((performance.now() - start) / 1000);
}

export async function concurrentCreates(base: string, clients: number, perClient: number): Promise<number> {
  const accts = await Promise.all(
    Array.from({ length: clients }, (_, c) => newAccount(base, `c${c}x${Date.now().toString(36)}`)),
  );
  const start = performance.now();
  await Promise.all(
    accts.map(async (acct) => {
      for (let i = 0; i < perClient; i++) {
        await call(base, "com.atproto.repo.createRecord", {
          token: acct.accessJwt,
          body: { repo: acct.did, collection: "app.bsky.feed.post", record: postRecord(i) },
        });
      }
    }),
  );
  return (clients * perClient) / ((performance.now() - start) / 1000);
}

async function applyBatch(
  base: string,
  acct: { did: string; accessJwt: string },
  size: number,
  offset: number,
) {
  const writes = Array.from({ length: size }, (_, i) => ({
    $type: "com.atproto.repo.applyWrites#create",
    collection: "app.bsky.feed.post",
    value: postRecord(offset + i),
  }));
  const start = performance.now();
  await call(base, "com.atproto.repo.applyWrites", {
    token: acct.accessJwt,
    body: { repo: acct.did, writes },
  });
  return performance.now() - start;
}

export async function applyWrites200(base: string, runs: number): Promise<number> {
  const acct = await newAccount(base, `aw${Date.now().toString(36)}`);
  const times: number[] = [];
  for (let r = 0; r < runs; r++) times.push(await applyBatch(base, acct, 200, r * 200));
  return median(times);
}

export async function getRepo2k(base: string, runs: number): Promise<{ ms: number; bytes: number }> {
  const acct = await newAccount(base, `gr${Date.now().toString(36)}`);
  for (let b = 0; b < 10; b++) await applyBatch(base, acct, 200, b * 200);
  const times: number[] = [];
  let bytes = 0;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    const car = await call<Uint8Array>(base, "com.atproto.sync.getRepo", { query: `did=${acct.did}` });
    times.push(performance.now() - start);
    bytes = car.length;
  }
  return { ms: median(times), bytes };
}

export { median };
