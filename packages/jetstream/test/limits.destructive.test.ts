// Private stacks with tiny windows: a subscriber that stops reading is disconnected once its backlog
// stays above the buffer limit (while a reading one is not), and retention drops old events.
import { connect, type Socket } from "node:net";
import { commitsOf, createRecord, createTestAccount, openCollector, subscribeUrl } from "@atrarium/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { type PrivateStack, startPrivateStack } from "./support/private-stack.ts";

const COLLECTION = "net.atrarium.test.note";

// A WebSocket client that completes the handshake and then never reads again (so it would not even
// see the server closing: the close sits behind the unread data).
function stalledSubscriber(port: number): Promise<Socket> {
  const socket = connect({ port, host: "127.0.0.1" });
  socket.write(
    "GET /subscribe?cursor=0 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
  );
  return new Promise((resolve, reject) => {
    socket.once("error", reject);
    socket.once("data", (chunk: Buffer) => {
      if (!chunk.toString().startsWith("HTTP/1.1 101")) reject(new Error(chunk.toString()));
      socket.pause();
      resolve(socket);
    });
  });
}

describe("Jetstream limits", () => {
  let stack: PrivateStack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  it("disconnects a subscriber whose backlog does not drain; a reading one keeps up", async () => {
    stack = await startPrivateStack({
      subscriberBufferBytes: 64 * 1024,
      subscriberStallMs: 500,
      subscriberBatchSize: 20,
    });
    const { jetstream } = stack;
    const acct = await createTestAccount(stack.pdsUrl);
    const stalled = await stalledSubscriber(jetstream.port);
    const reader = await openCollector(subscribeUrl(jetstream.url, { wantedDids: acct.did }));
    // ~8 MB of events: more than the kernel buffers of a loopback connection hold.
    const big = "x".repeat(100_000);
    for (let i = 0; i < 8; i++) {
      await acct.agent.com.atproto.repo.applyWrites({
        repo: acct.did,
        writes: Array.from({ length: 10 }, () => ({
          $type: "com.atproto.repo.applyWrites#create" as const,
          collection: COLLECTION,
          value: { $type: COLLECTION, text: big, createdAt: new Date().toISOString() },
        })),
      });
    }
    const deadline = Date.now() + 20_000;
    while (jetstream.stats().subscribersDropped === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    stalled.destroy();
    expect(jetstream.stats().subscribersDropped).toBe(1);
    await reader.waitFor((e) => commitsOf(e).length >= 80, 20_000);
    expect(reader.ws.readyState).toBe(reader.ws.OPEN);
    reader.close();
    expect(jetstream.stats().subscribersDropped).toBe(1);
  });

  it("retention drops events older than the window; an older cursor starts at the oldest kept", async () => {
    stack = await startPrivateStack({ retentionSeconds: 1 });
    const { jetstream } = stack;
    const acct = await createTestAccount(stack.pdsUrl);
    const live = await openCollector(subscribeUrl(jetstream.url, { wantedDids: acct.did }));
    await createRecord(acct.agent, COLLECTION, { text: "old" });
    const [old] = commitsOf(await live.waitFor((e) => commitsOf(e).length >= 1));
    live.close();
    const deadline = Date.now() + 5000;
    const pruned = () => (jetstream.stats().log.oldestTimeUs ?? Number.POSITIVE_INFINITY) > old.time_us;
    while (!pruned() && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await createRecord(acct.agent, COLLECTION, { text: "new" });
    const replay = await openCollector(
      subscribeUrl(jetstream.url, { wantedDids: acct.did, cursor: String(old.time_us) }),
    );
    const events = await replay.waitFor((e) => commitsOf(e).length >= 1);
    replay.close();
    expect(commitsOf(events).map((c) => (c.record as { text: string }).text)).toEqual(["new"]);
    expect(pruned()).toBe(true);
  });
});
