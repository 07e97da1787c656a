// An egress proxy as an operator puts in front of a server's outbound traffic: HTTP CONNECT only, and
// only to the destinations it was given, each mapped to a loopback address (so a test host name such as
// atrarium.internal:8443 reaches the TLS edge on 127.0.0.1 without DNS). Everything else is refused.
// It records every CONNECT it saw, so a test can prove the traffic went through it.
import http from "node:http";
import net, { type AddressInfo } from "node:net";

export interface EgressProxy {
  url: string;
  // "host:port" of every CONNECT, in order, with whether it was let through.
  connects: { target: string; allowed: boolean }[];
  close: () => Promise<void>;
}

// routes: "host:port" as the client asks for it -> "127.0.0.1:port" where it really is; as a table, or
// a function for a family of names (undefined: refused).
export type EgressRoutes = Record<string, string> | ((target: string) => string | undefined);

export async function startEgressProxy(routes: EgressRoutes): Promise<EgressProxy> {
  const routeOf = typeof routes === "function" ? routes : (target: string) => routes[target];
  const connects: EgressProxy["connects"] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => {
    // Plain-http forwarding would let a client past the destination list: CONNECT only.
    res.writeHead(405, { allow: "CONNECT", "content-type": "text/plain" }).end("CONNECT only\n");
  });
  server.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = (req.url ?? "").toLowerCase();
    const route = routeOf(target);
    connects.push({ target, allowed: route !== undefined });
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => client.destroy());
    if (route === undefined) {
      client.end("HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    const [host, port] = splitHostPort(route);
    const upstream = net.connect({ host, port }, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("close", () => {
      sockets.delete(upstream);
      client.end();
    });
    upstream.on("error", () => {
      if (!client.writableEnded) client.end("HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connects,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function splitHostPort(hostPort: string): [string, number] {
  const at = hostPort.lastIndexOf(":");
  return [hostPort.slice(0, at), Number(hostPort.slice(at + 1))];
}
