// One subscriber replaying a large log must not hold Jetstream's event loop: while subscribers whose
// filters match nothing replay 100k events from cursor 0, HTTP requests are still answered promptly
// and a subscriber with a matching filter still gets its events. Jetstream runs as its own process
// here, so the time this test measures is Jetstream's, not the test's own event loop.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { commitsOf, freePorts, openCollector, subscribeUrl } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fillLog } from "./support/fill-log.ts";

const EVENTS = 100_000;
const MATCH_DID = "did:plc:matchmatchmatchmatchmatc";
// A healthy answer takes a few milliseconds; the unfixed replay held the loop for several hundred.
const HEALTH_BOUND_MS = 150;
const bin = path.resolve(import.meta.dirname, "../src/bin.ts");

async function untilHealthy(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`jetstream exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/xrpc/_health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("jetstream did not become healthy");
}

async function healthLatencyMs(url: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${url}/xrpc/_health`);
  expect(res.status).toBe(200);
  await res.arrayBuffer();
  return performance.now() - started;
}

describe("Jetstream replay fairness", () => {
  let dir: string;
  let child: ChildProcess;
  let url: string;
  let matched: number;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "jetstream-fairness-"));
    matched = fillLog(dir, EVENTS, MATCH_DID, 10_000);
    const [port] = await freePorts(1);
    url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [bin], {
      env: {
        ...process.env,
        JETSTREAM_PORT: String(port),
        JETSTREAM_DATA_DIR: dir,
        JETSTREAM_UPSTREAMS: "",
        JETSTREAM_LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    await untilHealthy(url, child);
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers HTTP while replays whose filters match nothing scan the log; a matching one gets its events", async () => {
    // One filter the indexes answer (no such DID), one only a full scan can (every event is > 1 byte).
    const nobody = await openCollector(
      subscribeUrl(url, { cursor: "0", wantedDids: "did:plc:nobodynobodynobodynobody" }),
    );
    const tooSmall = await openCollector(subscribeUrl(url, { cursor: "0", maxMessageSizeBytes: "1" }));
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) latencies.push(await healthLatencyMs(url));
    const matching = await openCollector(subscribeUrl(url, { cursor: "0", wantedDids: MATCH_DID }));
    latencies.push(await healthLatencyMs(url));
    const events = await matching.waitFor((e) => e.length >= matched, 20_000);
    for (const s of [nobody, tooSmall, matching]) s.close();
    expect(Math.max(...latencies), JSON.stringify(latencies)).toBeLessThan(HEALTH_BOUND_MS);
    expect(matched).toBe(10);
    expect(commitsOf(events).map((c) => c.did)).toEqual(Array(matched).fill(MATCH_DID));
    expect(nobody.events).toEqual([]);
    expect(tooSmall.events).toEqual([]);
  });
});
