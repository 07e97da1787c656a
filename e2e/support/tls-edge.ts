// An https reverse proxy on loopback standing in for Cloudflare's edge: it terminates TLS with a test
// certificate and forwards every request (any method, bodies streamed both ways, headers kept, the Host
// header as the client sent it) to a plain-http origin such as `wrangler dev`. Like the edge it says
// what it terminated in X-Forwarded-Proto / X-Forwarded-For.
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";

export interface TlsEdge {
  port: number;
  close: () => Promise<void>;
}

export async function startTlsEdge(opts: {
  cert: string;
  key: string;
  // The origin's port on 127.0.0.1.
  originPort: number;
  // Listen here (the public URL names it); a free port when absent.
  port?: number;
}): Promise<TlsEdge> {
  const server = https.createServer({ cert: opts.cert, key: opts.key }, (req, res) => {
    const headers = {
      ...req.headers,
      "x-forwarded-proto": "https",
      "x-forwarded-for": req.socket.remoteAddress ?? "127.0.0.1",
    };
    const upstream = http.request(
      { host: "127.0.0.1", port: opts.originPort, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", (err) => {
      if (res.headersSent) res.destroy(err);
      else
        res
          .writeHead(502, { "content-type": "application/json" })
          .end(JSON.stringify({ error: "OriginUnreachable", message: err.message }));
    });
    // A client that goes away takes the origin request with it.
    res.on("close", () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
  // Keep-alive connections would hold close() open until they time out.
  const closeAll = () => server.closeAllConnections();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        closeAll();
      }),
  };
}
