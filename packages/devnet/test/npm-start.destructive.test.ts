// `npm start` as a user runs it (on spare ports and a temp data dir, so it does not clash with a
// developer's devnet): ready with demo data through the PDS and Jetstream, the Worker and the
// dashboard answering, SIGTERM leaves no process and no open port behind, and a second start reuses the
// persisted data.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { alive, descendants, freePorts } from "@atrarium/testkit";
import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { portOpen } from "../src/supervisor.ts";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const dataDir = mkdtempSync(path.join(tmpdir(), "devnet-smoke-"));
let ports: number[] = [];

interface Started {
  child: ChildProcess;
  output: () => string;
}

async function npmStart(): Promise<Started> {
  const [plc, pds, jetstream, worker, inspector, dashboard] = ports;
  const child = spawn("npm", ["start", "--", "--data-dir", dataDir], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DEVNET_PLC_PORT: String(plc),
      DEVNET_PDS_PORT: String(pds),
      DEVNET_JETSTREAM_PORT: String(jetstream),
      DEVNET_WORKER_PORT: String(worker),
      DEVNET_WORKER_INSPECTOR_PORT: String(inspector),
      DEVNET_DASHBOARD_PORT: String(dashboard),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  const deadline = Date.now() + 60_000;
  while (!/devnet ready/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`npm start did not get ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output: () => output };
}

async function sigtermLeavesNothing({ child }: Started): Promise<void> {
  const pid = child.pid as number;
  const tree = descendants(pid);
  expect(tree.length).toBeGreaterThanOrEqual(5); // run.mjs, bin.ts, PLC, PDS, Jetstream
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
  const deadline = Date.now() + 10_000;
  while (tree.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(tree.filter(alive)).toEqual([]);
  for (const port of ports) expect(await portOpen(port)).toBe(false);
}

async function jetstreamEvents(
  port: number,
  did: string,
  n: number,
): Promise<{ kind: string; commit?: { collection: string } }[]> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/subscribe?cursor=0&wantedDids=${did}`);
  const events: { kind: string }[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`only ${events.length} events`));
    }, 10_000);
    ws.on("message", (d) => {
      events.push(JSON.parse(String(d)));
      if (events.length >= n) {
        clearTimeout(timer);
        ws.terminate();
        resolve(events);
      }
    });
  });
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("npm start", () => {
  it("brings up PLC, PDS, Jetstream and the Worker with demo data; SIGTERM stops every process", async () => {
    ports = await freePorts(6);
    const [plc, pds, jetstream, worker, , dashboard] = ports;
    const started = await npmStart();
    const out = started.output();
    expect(out).toContain(`PLC        http://localhost:${plc}`);
    expect(out).toContain(`PDS        http://localhost:${pds}`);
    expect(out).toContain(`Jetstream  ws://localhost:${jetstream}/subscribe`);
    expect(out).toMatch(
      /accounts {3}alice\.test, bob\.test, carol\.test, dave\.test \(password: devnet-password\)/,
    );
    expect(out).toContain("seeding demo data");
    expect(out).toContain(`Worker     http://localhost:${worker}`);
    expect((await fetch(`http://127.0.0.1:${worker}/xrpc/_health`)).ok).toBe(true);
    expect(out).toContain(`Dashboard  http://127.0.0.1:${dashboard}`);
    expect((await fetch(`http://127.0.0.1:${dashboard}/`)).ok).toBe(true);
    // The admin web UI, built when stale before the PDS started, served by the PDS.
    expect(out).toContain(`admin      http://localhost:${pds}/admin/ password devnet-admin`);
    const adminUi = await fetch(`http://127.0.0.1:${pds}/admin/reports`);
    expect(adminUi.status).toBe(200);
    expect(await adminUi.text()).toContain('<div id="root"></div>');

    expect((await fetch(`http://127.0.0.1:${plc}/_health`)).ok).toBe(true);
    expect((await fetch(`http://127.0.0.1:${jetstream}/xrpc/_health`)).ok).toBe(true);
    const alice = (await (
      await fetch(`http://127.0.0.1:${pds}/xrpc/com.atproto.identity.resolveHandle?handle=alice.test`)
    ).json()) as { did: string };
    const configs = (await (
      await fetch(
        `http://127.0.0.1:${pds}/xrpc/com.atproto.repo.listRecords?repo=${alice.did}&collection=net.atrarium.community.config`,
      )
    ).json()) as { records: unknown[] };
    expect(configs.records).toHaveLength(1);
    const listed = (await (
      await fetch(
        `http://127.0.0.1:${jetstream}/xrpc/com.atproto.sync.listReposByCollection?collection=net.atrarium.community.config`,
      )
    ).json()) as { repos: { did: string }[] };
    expect(listed.repos).toEqual([{ did: alice.did }]);
    // identity, account, community config, welcome post
    const events = await jetstreamEvents(jetstream, alice.did, 4);
    expect(events.map((e) => e.commit?.collection ?? e.kind)).toEqual([
      "identity",
      "account",
      "net.atrarium.community.config",
      "app.bsky.feed.post",
    ]);
    await sigtermLeavesNothing(started);
  });

  it("a second start reuses the data directory: same accounts, no reseeding, the log kept", async () => {
    const started = await npmStart();
    expect(started.output()).not.toContain("seeding demo data");
    const alice = (await (
      await fetch(`http://127.0.0.1:${ports[1]}/xrpc/com.atproto.identity.resolveHandle?handle=alice.test`)
    ).json()) as { did: string };
    expect(alice.did).toMatch(/^did:plc:/);
    expect(await jetstreamEvents(ports[2], alice.did, 4)).toHaveLength(4);
    await sigtermLeavesNothing(started);
  });
});
