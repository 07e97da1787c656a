// A plain WebSocket subscriber of a Jetstream `/subscribe` for tests: collects parsed JSON events until
// a predicate holds (or a timeout passes), plus helpers to build URLs and write records. The event
// shapes are the Jetstream v1 wire format as a client reads it, independent of our server's types.
import type { AtpAgent } from "@atproto/api";
import WebSocket from "ws";

export interface JetstreamCommit {
  rev: string;
  operation: "create" | "update" | "delete";
  collection: string;
  rkey: string;
  record?: Record<string, unknown>;
  cid?: string;
}

export type JetstreamEvent = { did: string; time_us: number } & (
  | { kind: "commit"; commit: JetstreamCommit }
  | { kind: "identity"; identity: { did: string; handle?: string; seq: number; time: string } }
  | { kind: "account"; account: { did: string; active: boolean; status?: string; seq: number; time: string } }
);

export function subscribeUrl(jetstreamUrl: string, params: Record<string, string | string[]> = {}): string {
  const url = new URL("/subscribe", jetstreamUrl.replace(/^http/, "ws"));
  for (const [k, v] of Object.entries(params)) {
    for (const one of Array.isArray(v) ? v : [v]) url.searchParams.append(k, one);
  }
  return url.toString();
}

export interface Collector {
  ws: WebSocket;
  events: JetstreamEvent[];
  // Resolves with all events so far once `until` holds; rejects after the timeout.
  waitFor: (until: (events: JetstreamEvent[]) => boolean, timeoutMs?: number) => Promise<JetstreamEvent[]>;
  close: () => void;
}

export async function openCollector(url: string): Promise<Collector> {
  const ws = new WebSocket(url);
  const events: JetstreamEvent[] = [];
  let notify = () => {};
  ws.on("message", (data) => {
    events.push(JSON.parse(String(data)));
    notify();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  const waitFor = (until: (e: JetstreamEvent[]) => boolean, timeoutMs = 10_000) =>
    new Promise<JetstreamEvent[]>((resolve, reject) => {
      const check = () => {
        if (!until(events)) return false;
        clearTimeout(timer);
        notify = () => {};
        resolve(events);
        return true;
      };
      const timer = setTimeout(() => {
        notify = () => {};
        reject(new Error(`timed out with ${events.length} events: ${JSON.stringify(events).slice(0, 2000)}`));
      }, timeoutMs);
      if (!check()) notify = () => void check();
    });
  return { ws, events, waitFor, close: () => ws.terminate() };
}

export const commitsOf = (events: JetstreamEvent[]) =>
  events.flatMap((e) => (e.kind === "commit" ? [{ ...e.commit, did: e.did, time_us: e.time_us }] : []));

export async function createRecord(
  agent: AtpAgent,
  collection: string,
  record: Record<string, unknown>,
): Promise<{ uri: string; cid: string; rkey: string }> {
  const res = await agent.com.atproto.repo.createRecord({
    repo: agent.assertDid,
    collection,
    record: { $type: collection, createdAt: new Date().toISOString(), ...record },
  });
  return { uri: res.data.uri, cid: res.data.cid, rkey: res.data.uri.split("/").pop() as string };
}

// The server's answer to a WebSocket upgrade it refuses: status and JSON body.
export async function upgradeStatus(url: string): Promise<{ status: number; body: unknown }> {
  const ws = new WebSocket(url);
  return new Promise((resolve, reject) => {
    ws.once("open", () => {
      ws.terminate();
      resolve({ status: 101, body: null });
    });
    ws.once("unexpected-response", (_req, res) => {
      let text = "";
      res.on("data", (d: Buffer) => {
        text += d.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
    });
    ws.once("error", (err) => {
      if (!String(err.message).includes("Unexpected server response")) reject(err);
    });
  });
}
