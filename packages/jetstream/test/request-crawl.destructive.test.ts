// requestCrawl end to end on private stacks: a PDS Jetstream did not know announces itself after its
// first write (PDS_CRAWLERS) and its commits reach Jetstream's subscribers; a restarted Jetstream
// still consumes it; the PDS announces itself once per interval, however many writes; and under the
// default allow-list, loopback and private hosts are refused without Jetstream connecting to them.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createJetstream, type Jetstream } from "@atrarium/jetstream";
import { createPds, type Pds } from "@atrarium/pds";
import {
  commitsOf,
  createRecord,
  createTestAccount,
  freePorts,
  openCollector,
  subscribeUrl,
} from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PrivateStack, startPrivateStack } from "./support/private-stack.ts";

const COLLECTION = "net.atrarium.test.note";
const INTERVAL_MS = 20 * 60 * 1000;

async function waitUntil(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const postCrawl = (jetstreamUrl: string, body: string, contentType = "application/json") =>
  fetch(`${jetstreamUrl}/xrpc/com.atproto.sync.requestCrawl`, {
    method: "POST",
    headers: { "content-type": contentType },
    body,
  });

const hasUpstream = (js: Jetstream, pdsPort: number) =>
  js.stats().upstreams.some((u) => new URL(u.upstream).port === String(pdsPort));

describe("requestCrawl with a loopback allow-list", () => {
  let stack: PrivateStack;
  let extraDir: string;
  const extraPds: Pds[] = [];
  // The time PDS B and C decide their crawl interval by; the tests move it instead of waiting.
  let offsetMs = 0;
  const clock = { now: () => Date.now() + offsetMs };
  const startPds = async (name: string, crawler = stack.jetstream.url) => {
    const pds = await createPds(
      {
        port: 0,
        dataDir: path.join(extraDir, name),
        plcUrl: stack.plcUrl,
        logLevel: "warn",
        inviteRequired: false,
        crawlers: [crawler],
        crawlIntervalMs: INTERVAL_MS,
      },
      { PDS_BIND_HOST: "127.0.0.1" },
      { clock },
    );
    extraPds.push(pds);
    return pds;
  };

  beforeAll(async () => {
    extraDir = mkdtempSync(path.join(tmpdir(), "jetstream-crawl-pds-"));
    stack = await startPrivateStack({ crawlAllow: [{ kind: "loopback", from: 1, to: 65535 }] });
  });
  afterAll(async () => {
    // Jetstream first (inside the stack), so no PDS closes under a connected subscriber.
    await stack?.close();
    for (const pds of extraPds) await pds.close();
    rmSync(extraDir, { recursive: true, force: true });
  });

  it("consumes a second PDS after its first write, and still after a restart", async () => {
    const pdsB = await startPds("pds-b");
    const jetstream = stack.jetstream;
    expect(hasUpstream(jetstream, pdsB.port)).toBe(false);
    expect(jetstream.stats().crawl.requests).toBe(0);

    // Creating the account is B's first event: it announces itself, Jetstream checks and adds it.
    const b = await createTestAccount(pdsB.url);
    await waitUntil("B is an upstream", () => hasUpstream(jetstream, pdsB.port));
    expect(jetstream.stats().crawl).toMatchObject({ requests: 1, added: 1 });
    const collector = await openCollector(subscribeUrl(jetstream.url, { wantedDids: b.did }));
    const written = await createRecord(b.agent, COLLECTION, { text: "from B" });
    const events = await collector.waitFor((e) => commitsOf(e).some((c) => c.rkey === written.rkey));
    collector.close();
    expect(commitsOf(events).find((c) => c.rkey === written.rkey)).toMatchObject({
      did: b.did,
      cid: written.cid,
      record: { text: "from B" },
    });
    // Replayed from the start of B's firehose: the account's identity came before the commit.
    const replay = await openCollector(subscribeUrl(jetstream.url, { wantedDids: b.did, cursor: "0" }));
    const identity = (await replay.waitFor((e) => e.some((x) => x.kind === "identity"))).find(
      (x) => x.kind === "identity",
    );
    replay.close();
    // A loopback-crawled PDS answers for its handles (a public crawled host would not be asked).
    expect(identity).toMatchObject({ identity: { did: b.did, handle: b.handle } });

    // A restarted Jetstream consumes B from its stored list, with no new request from B (its
    // interval has not passed).
    const restarted = await stack.restartJetstream();
    expect(hasUpstream(restarted, pdsB.port)).toBe(true);
    const after = await openCollector(subscribeUrl(restarted.url, { wantedDids: b.did }));
    const again = await createRecord(b.agent, COLLECTION, { text: "after restart" });
    await after.waitFor((e) => commitsOf(e).some((c) => c.rkey === again.rkey));
    after.close();
    expect(restarted.stats().crawl.requests).toBe(0);
    expect(restarted.stats().upstreams.map((u) => u.wrongHost)).toEqual([0, 0]);
  });

  it("announces a PDS once per interval, however many writes", async () => {
    const pdsC = await startPds("pds-c");
    const jetstream = stack.jetstream;
    const before = jetstream.stats().crawl.requests;
    const c = await createTestAccount(pdsC.url);
    const rkeys: string[] = [];
    for (let i = 0; i < 10; i++)
      rkeys.push((await createRecord(c.agent, COLLECTION, { text: `n${i}` })).rkey);
    await waitUntil("C is an upstream", () => hasUpstream(jetstream, pdsC.port));
    const collector = await openCollector(subscribeUrl(jetstream.url, { wantedDids: c.did, cursor: "0" }));
    await collector.waitFor((e) => commitsOf(e).length >= rkeys.length);
    expect(jetstream.stats().crawl.requests - before).toBe(1);

    // Once the interval has passed, the next write announces C again (now a known upstream).
    offsetMs += INTERVAL_MS;
    const late = await createRecord(c.agent, COLLECTION, { text: "later" });
    await collector.waitFor((e) => commitsOf(e).some((x) => x.rkey === late.rkey));
    await waitUntil("a second request", () => jetstream.stats().crawl.requests - before >= 2);
    collector.close();
    expect(jetstream.stats().crawl.requests - before).toBe(2);
    expect(jetstream.stats().crawl.known).toBeGreaterThanOrEqual(1);
  });

  it("retries a failed announcement on a later event, after a backoff", async () => {
    // A relay that is down when the PDS first writes, and up later on the same port.
    const [relayPort] = await freePorts(1);
    const pdsD = await startPds("pds-d", `http://127.0.0.1:${relayPort}`);
    const d = await createTestAccount(pdsD.url);
    await createRecord(d.agent, COLLECTION, { text: "nobody hears" });
    const relay = await createJetstream(
      {
        ...stack.jetstream.cfg,
        port: relayPort,
        dataDir: path.join(extraDir, "relay"),
        upstreams: [],
      },
      {},
    );
    try {
      // Well inside the 20-minute interval, but past the first backoff.
      offsetMs += 5_000;
      await createRecord(d.agent, COLLECTION, { text: "heard" });
      await waitUntil("D is an upstream of the relay", () => hasUpstream(relay, pdsD.port));
      expect(relay.stats().crawl).toMatchObject({ requests: 1, added: 1 });
    } finally {
      await relay.close();
    }
  });

  it("refuses a loopback host that is not a PDS", async () => {
    const { port } = new URL(stack.jetstream.url);
    const res = await postCrawl(stack.jetstream.url, JSON.stringify({ hostname: `localhost:${port}` }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: "InvalidRequest",
      message: expect.stringMatching(/not a reachable PDS/),
    });
    expect(hasUpstream(stack.jetstream, Number(port))).toBe(false);
  });
});

describe("requestCrawl under the default allow-list", () => {
  let dir: string;
  let jetstream: Jetstream;
  // Listens where a refused request points, counting connections: there must be none.
  let trap: Server;
  let trapPort: number;
  let trapConnections = 0;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "jetstream-crawl-"));
    trap = createServer((socket) => {
      trapConnections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => trap.listen(0, "127.0.0.1", resolve));
    trapPort = (trap.address() as { port: number }).port;
    jetstream = await createJetstream(
      {
        port: 0,
        dataDir: path.join(dir, "jetstream"),
        upstreams: [],
        plcUrl: "http://127.0.0.1:1",
        logLevel: "warn",
      },
      {},
    );
  });
  afterAll(async () => {
    await jetstream?.close();
    await new Promise((r) => trap?.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses loopback and private addresses with HostNotAllowed, connecting to nothing", async () => {
    for (const hostname of [
      `127.0.0.1:${trapPort}`,
      `localhost:${trapPort}`,
      "localhost",
      `[::1]:${trapPort}`,
      "10.0.0.1",
      "192.168.1.10:2583",
      "169.254.169.254",
    ]) {
      const res = await postCrawl(jetstream.url, JSON.stringify({ hostname }));
      expect(res.status, hostname).toBe(403);
      const body = (await res.json()) as { error: string; message: string };
      expect(body.error, hostname).toBe("HostNotAllowed");
      expect(body.message, hostname).toMatch(/not allowed/);
    }
    expect(trapConnections).toBe(0);
    expect(jetstream.stats().upstreams).toEqual([]);
    expect(jetstream.stats().crawl).toMatchObject({ requests: 7, refused: 7, added: 0 });
  });

  it("answers 400 InvalidRequest for input that is not a hostname", async () => {
    for (const body of [
      JSON.stringify({ hostname: "https://pds.example.com" }),
      JSON.stringify({ hostname: "pds.example.com/xrpc" }),
      JSON.stringify({ hostname: "" }),
      JSON.stringify({ hostname: 42 }),
      JSON.stringify({}),
      JSON.stringify(["pds.example.com"]),
      "null",
      "{not json",
    ]) {
      const res = await postCrawl(jetstream.url, body);
      expect(res.status, body).toBe(400);
      expect(await res.json(), body).toMatchObject({ error: "InvalidRequest" });
    }
    const text = await postCrawl(jetstream.url, "hostname=pds.example.com", "text/plain");
    expect(text.status).toBe(400);
    const tooBig = await postCrawl(jetstream.url, JSON.stringify({ hostname: "a".repeat(10_000) }));
    expect(tooBig.status).toBe(413);
    const get = await fetch(`${jetstream.url}/xrpc/com.atproto.sync.requestCrawl`);
    expect(get.status).toBe(405);
    expect(trapConnections).toBe(0);
  });
});
