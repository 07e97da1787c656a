// Request bodies are limited while they stream in, as the official PDS does: 150 KB of JSON by
// default, 1 MB for record writes, the blob limit for uploadBlob. An unauthenticated caller must not be
// able to make the server buffer a body of any size, and an over-limit body gets 413 PayloadTooLarge.
import http from "node:http";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { beforeAll, describe, expect, inject, it } from "vitest";

const { pdsUrl } = inject("devnet");
const MiB = 1024 * 1024;

// A body of `total` bytes pulled chunk by chunk (no Content-Length), that stops once `stop()` is
// called; `sent()` is how much the client has handed to fetch so far.
function countingBody(total: number) {
  const chunk = new Uint8Array(256 * 1024).fill(0x61);
  let sent = 0;
  let stopped = false;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const head = new TextEncoder().encode('{"identifier":"');
      sent += head.byteLength;
      controller.enqueue(head);
    },
    pull(controller) {
      if (stopped || sent >= total) return controller.close();
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, sent: () => sent, stop: () => (stopped = true) };
}

// Sends only the request head with a large Content-Length and no body: a server that checks the
// declared length answers at once; one that waits for the body never does (we give up after `ms`).
function headersOnly(url: string, contentLength: number, headers: Record<string, string>, ms: number) {
  return new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    const req = http.request(url, {
      method: "POST",
      headers: { ...headers, "content-length": String(contentLength) },
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer within ${ms} ms: the server is waiting for the body`));
    }, ms);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
      });
    });
    req.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.flushHeaders();
  });
}

describe("request body limits", () => {
  let acct: TestAccount;
  beforeAll(async () => {
    acct = await createTestAccount(pdsUrl);
  });

  it("a chunked unauthenticated createSession body past the JSON limit is refused while it streams", async () => {
    const total = 64 * MiB;
    const body = countingBody(total);
    const res = await fetch(`${pdsUrl}/xrpc/com.atproto.server.createSession`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: body.stream,
      duplex: "half",
    } as RequestInit);
    const sentAtAnswer = body.sent();
    body.stop();
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: "PayloadTooLarge", message: expect.any(String) });
    // The answer came while most of the body was still unsent: the server stopped reading near the
    // limit instead of buffering 64 MB.
    expect(sentAtAnswer).toBeLessThan(total / 4);
    // ...and it keeps serving.
    const ok = await fetch(`${pdsUrl}/xrpc/com.atproto.server.describeServer`);
    expect(ok.status).toBe(200);
  });

  it("a declared Content-Length over the limit is refused at once, before any body byte", async () => {
    const answer = await headersOnly(
      `${pdsUrl}/xrpc/com.atproto.server.createSession`,
      200 * MiB,
      { "content-type": "application/json" },
      5_000,
    );
    expect(answer).toEqual({ status: 413, body: { error: "PayloadTooLarge", message: expect.any(String) } });
    const account = await headersOnly(
      `${pdsUrl}/xrpc/com.atproto.server.createAccount`,
      151 * 1024,
      { "content-type": "application/json" },
      5_000,
    );
    expect(account.status).toBe(413);
  });

  it("a JSON body just over 150 KB is refused; one under it is read", async () => {
    const url = `${pdsUrl}/xrpc/com.atproto.server.createSession`;
    const over = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ identifier: "x".repeat(150 * 1024), password: "x" }),
    });
    expect(over.status).toBe(413);
    expect(((await over.json()) as { error: string }).error).toBe("PayloadTooLarge");
    const under = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ identifier: "x".repeat(140 * 1024), password: "x" }),
    });
    // Read and judged on its content: the identifier is not an account.
    expect(under.status).toBe(401);
  });

  it("createRecord takes a 900 KB record and refuses a 2 MB one with 413", async () => {
    const write = (bytes: number) =>
      acct.agent.com.atproto.repo.createRecord({
        repo: acct.did,
        collection: "com.example.bodyLimit",
        record: { $type: "com.example.bodyLimit", data: "a".repeat(bytes) },
      });
    const big = await write(900 * 1024);
    expect(big.success).toBe(true);
    const stored = await acct.agent.com.atproto.repo.getRecord({
      repo: acct.did,
      collection: "com.example.bodyLimit",
      rkey: big.data.uri.split("/").pop() as string,
    });
    expect((stored.data.value as { data: string }).data.length).toBe(900 * 1024);
    await expect(write(2 * MiB)).rejects.toMatchObject({ status: 413, error: "PayloadTooLarge" });
  });

  it("putRecord and applyWrites share the 1 MB record limit", async () => {
    const record = { $type: "com.example.bodyLimit", data: "b".repeat(2 * MiB) };
    await expect(
      acct.agent.com.atproto.repo.putRecord({
        repo: acct.did,
        collection: "com.example.bodyLimit",
        rkey: "put",
        record,
      }),
    ).rejects.toMatchObject({ status: 413, error: "PayloadTooLarge" });
    await expect(
      acct.agent.com.atproto.repo.applyWrites({
        repo: acct.did,
        writes: [
          {
            $type: "com.atproto.repo.applyWrites#create",
            collection: "com.example.bodyLimit",
            value: record,
          },
        ],
      }),
    ).rejects.toMatchObject({ status: 413, error: "PayloadTooLarge" });
  });

  it("an upload of exactly the blob limit still works", async () => {
    const bytes = new Uint8Array(5 * MiB).fill(7);
    const res = await acct.agent.com.atproto.repo.uploadBlob(bytes, { encoding: "application/octet-stream" });
    expect(res.data.blob.size).toBe(5 * MiB);
  });
});
