// Drives the Jetstream of the globalSetup (jetstream-peer.ts) from tests running inside workerd, and
// waits for conditions with a deadline.
import { inject } from "vitest";

// One subscription attempt as the peer saw it (mirrors jetstream-peer.ts, which is Node code).
export interface PeerConnection {
  cursor: number | null;
  wantedCollections: string[];
  refused: boolean;
  open: boolean;
}

async function control(path: string, body?: unknown): Promise<PeerConnection[]> {
  const res = await fetch(`http://${inject("jetstreamPeer")}/control/${path}`, {
    method: body === undefined ? "GET" : "POST",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`peer ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as PeerConnection[];
}

export const peer = {
  // Events (objects, or raw strings sent as they are) to keep and send to every open subscription.
  append: (events: unknown[]) => control("append", events),
  drop: () => control("drop", null),
  refuseNext: (n: number) => control("refuse", n),
  connections: () => control("log"),
};

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${attempt} polls waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
