// A scripted stand-in for Jetstream that sends exactly the raw messages a test gives it, including
// ones our real Jetstream would never produce (garbage, oversized events).
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import type { WebSocketServer as WSS } from "ws";

const { WebSocketServer } = createRequire(import.meta.url)("ws") as { WebSocketServer: typeof WSS };

export interface FakeJetstream {
  url: string;
  send: (messages: string[]) => void;
  close: () => Promise<void>;
}

function timeOf(raw: string): number {
  try {
    const t = JSON.parse(raw)?.time_us;
    return typeof t === "number" ? t : 0;
  } catch {
    return 0;
  }
}

export async function fakeJetstream(): Promise<FakeJetstream> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise((r) => wss.once("listening", r));
  const sent: { raw: string; timeUs: number }[] = [];
  // Like Jetstream: a connection with a cursor gets only what came after it.
  wss.on("connection", (ws, req) => {
    const cursor = Number(new URL(req.url ?? "/", "http://x").searchParams.get("cursor") ?? 0);
    for (const m of sent) if (!cursor || m.timeUs > cursor) ws.send(m.raw);
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    send: (messages) => {
      for (const raw of messages) sent.push({ raw, timeUs: timeOf(raw) });
      for (const client of wss.clients) for (const m of messages) client.send(m);
    },
    close: () =>
      new Promise((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
}
