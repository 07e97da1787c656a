// Serves the built dashboard (dist/) as a static site, as Cloudflare Pages would: files by path, any
// other path without a file extension gets index.html (client-side routes), and /config.json is
// generated from the given config so one build runs against any devnet. With a publicUrl (an https
// deployment), /client-metadata.json (the OAuth client's metadata document) is generated too and
// config.json names it as the OAuth client_id. The URL it gives is on 127.0.0.1: the dashboard's
// loopback OAuth client works there only (a visit to localhost is sent there).
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { dashboardDist, ensureDashboardBuilt } from "./build.ts";
import { CLIENT_METADATA_PATH, dashboardClientMetadata } from "./client-metadata.ts";

export { dashboardBuildIsCurrent, dashboardDist, ensureDashboardBuilt } from "./build.ts";

export interface DashboardRuntimeConfig {
  workerUrl: string;
  plcUrl: string;
  handleResolverUrl: string;
  feedPageSize?: number;
  oauthClientId?: string;
}

export interface DashboardServerOptions {
  config: DashboardRuntimeConfig;
  port?: number;
  host?: string;
  distDir?: string;
  // The https origin the dashboard is deployed at; absent in the devnet (loopback OAuth client).
  publicUrl?: string;
}

export interface DashboardServer {
  url: string;
  port: number;
  close: () => Promise<void>;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  dist: string,
  generated: Map<string, string>,
): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD" }).end();
    return;
  }
  const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
  const body = generated.get(pathname);
  if (body !== undefined) {
    res.writeHead(200, { "content-type": TYPES[".json"], "cache-control": "no-store" }).end(body);
    return;
  }
  const file = path.join(dist, path.normalize(pathname));
  const isAsset = path.extname(pathname) !== "";
  // Never serve outside dist/.
  const target = file.startsWith(dist + path.sep) && isAsset ? file : path.join(dist, "index.html");
  try {
    const body = await readFile(target);
    const immutable = target.includes(`${path.sep}assets${path.sep}`);
    res.writeHead(200, {
      "content-type": TYPES[path.extname(target)] ?? "application/octet-stream",
      "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
    });
    res.end(req.method === "HEAD" ? undefined : body);
  } catch {
    res.writeHead(404, { "content-type": "text/plain" }).end("Not Found\n");
  }
}

export async function startDashboardServer(opts: DashboardServerOptions): Promise<DashboardServer> {
  await ensureDashboardBuilt();
  const dist = opts.distDir ?? dashboardDist;
  const generated = new Map<string, string>();
  if (opts.publicUrl) {
    const metadata = dashboardClientMetadata(opts.publicUrl);
    generated.set(CLIENT_METADATA_PATH, JSON.stringify(metadata));
    generated.set("/config.json", JSON.stringify({ ...opts.config, oauthClientId: metadata.client_id }));
  } else generated.set("/config.json", JSON.stringify(opts.config));
  const server = createServer((req, res) => {
    handle(req, res, dist, generated).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
