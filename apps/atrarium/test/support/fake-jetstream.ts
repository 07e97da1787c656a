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

export async function fakeJetstream(): Promise<FakeJetstream> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise((r) => wss.once("listening", r));
  const sent: string[] = [];
  wss.on("connection", (ws) => {
    for (const m of sent) ws.send(m);
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    send: (messages) => {
      sent.push(...messages);
      for (const client of wss.clients) for (const m of messages) client.send(m);
    },
    close: () =>
      new Promise((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
}
