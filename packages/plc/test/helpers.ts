// Shared test fixtures: a real PLC server on a free loopback port with its own temp database, keys,
// and a genesis operation builder.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { P256Keypair, Secp256k1Keypair } from "@atproto/crypto";
import { createOp, type Operation } from "@did-plc/lib";
import { createPlcServer, type PlcServer, type PlcServerOptions } from "../src/index.ts";

export interface TestPlc {
  server: PlcServer;
  url: string;
  dbPath: string;
  /** Stops the server; the database stays until cleanup(). */
  stop(): Promise<void>;
  /** Stops the server (if running) and removes the temp directory. */
  cleanup(): Promise<void>;
}

type ServerChoices = "now" | "rateLimits" | "metricsToken" | "logLevel" | "logDestination";

export async function startTestPlc(
  opts: { dbPath?: string } & Pick<PlcServerOptions, ServerChoices> = {},
): Promise<TestPlc> {
  const dir = opts.dbPath ? undefined : mkdtempSync(path.join(tmpdir(), "atrarium-plc-test-"));
  const dbPath = opts.dbPath ?? path.join(dir as string, "plc.sqlite");
  const server = await createPlcServer({
    dbPath,
    port: 0,
    host: "127.0.0.1",
    now: opts.now,
    rateLimits: opts.rateLimits,
    metricsToken: opts.metricsToken,
    logLevel: opts.logLevel,
    logDestination: opts.logDestination,
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server.close();
  };
  return {
    server,
    url: server.url,
    dbPath,
    stop,
    cleanup: async () => {
      await stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestIdentity {
  did: string;
  genesis: Operation;
  /** rotationKeys[0] is the highest-priority (recovery) key. */
  rotation: Secp256k1Keypair[];
  signing: Secp256k1Keypair;
}

/** A signed genesis op with two rotation keys (recovery first, then the "PDS" key), not yet posted. */
export async function newIdentity(
  handle = "alice.test",
  pds = "https://pds.example.test",
): Promise<TestIdentity> {
  const recovery = await Secp256k1Keypair.create();
  const pdsKey = await Secp256k1Keypair.create();
  const signing = await Secp256k1Keypair.create();
  const { op, did } = await createOp({
    signingKey: signing.did(),
    handle,
    pds,
    rotationKeys: [recovery.did(), pdsKey.did()],
    signer: pdsKey,
  });
  return { did, genesis: op, rotation: [recovery, pdsKey], signing };
}

export async function newP256Key(): Promise<P256Keypair> {
  return P256Keypair.create();
}

/** POSTs `body` (JSON-encoded unless a string) to /:did. */
export function postOp(url: string, did: string, body: unknown): Promise<Response> {
  return fetch(`${url}/${encodeURIComponent(did)}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export async function getJson(url: string): Promise<{ status: number; body: unknown; res: Response }> {
  const res = await fetch(url);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, body, res };
}

export async function expectStatus(res: Response, status: number): Promise<unknown> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
