// globalSetup of the workers project: a small Jetstream on 127.0.0.1 for the FirehoseReceiver DO.
// Like Jetstream it keeps what it was given and serves a connection everything after its cursor.
// Tests inside workerd drive it over HTTP (`/control/*`), since they cannot reach this process
// otherwise: append events, drop connections, refuse the next upgrades, read the connection log.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";
import type { WebSocket, WebSocketServer as WSS } from "ws";

// The plugin applies workerd resolve conditions here too: a plain import gets ws's browser stub.
const { WebSocketServer } = createRequire(import.meta.url)("ws") as { WebSocketServer: typeof WSS };

export interface PeerConnection {
  cursor: number | null;
  wantedCollections: string[];
  refused: boolean;
  open: boolean;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const events: { timeUs: number; raw: string }[] = [];
  const log: PeerConnection[] = [];
  const open = new Map<WebSocket, PeerConnection>();
  let refuse = 0;
  const wss = new WebSocketServer({ noServer: true });

  const control = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    if (path === "/control/append") {
      const batch = JSON.parse(body) as unknown[];
      for (const e of batch) {
        const raw = typeof e === "string" ? e : JSON.stringify(e);
        const timeUs = (e as { time_us?: unknown })?.time_us;
        events.push({ timeUs: typeof timeUs === "number" ? timeUs : 0, raw });
        for (const ws of open.keys()) ws.send(raw);
      }
    } else if (path === "/control/drop") {
      for (const ws of open.keys()) ws.close(1001, "dropped by test");
    } else if (path === "/control/refuse") {
      refuse = Number(JSON.parse(body));
    } else if (path !== "/control/log") {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(log));
  };

  const server = createServer((req, res) => {
    control(req, res, new URL(req.url ?? "/", "http://peer").pathname).catch((err) =>
      res.writeHead(400).end(String(err)),
    );
  });
  server.on("upgrade", (req, socket, head) => {
    const url = new URL(req.url ?? "/", "http://peer");
    const cursorParam = url.searchParams.get("cursor");
    const entry: PeerConnection = {
      cursor: cursorParam === null ? null : Number(cursorParam),
      wantedCollections: url.searchParams.getAll("wantedCollections"),
      refused: refuse > 0,
      open: false,
    };
    log.push(entry);
    if (refuse > 0) {
      refuse--;
      socket.end("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      entry.open = true;
      open.set(ws, entry);
      ws.on("close", () => {
        entry.open = false;
        open.delete(ws);
      });
      // No cursor means live only, as in Jetstream.
      if (entry.cursor !== null) for (const e of events) if (e.timeUs > entry.cursor) ws.send(e.raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  project.provide("jetstreamPeer", `127.0.0.1:${(server.address() as AddressInfo).port}`);
  return async () => {
    for (const ws of open.keys()) ws.terminate();
    wss.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}
