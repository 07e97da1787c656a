// Outbound HTTP for service proxying and did:web documents: node:http(s) so request and response
// bodies stream, with an SSRF guard. A DID document is written by whoever controls the DID, so without
// the guard anyone could point this server at its own loopback or private network.
//
// Behind an operator's egress proxy (NODE_USE_ENV_PROXY=1 with HTTPS_PROXY, env-proxy.ts) requests go
// through it, as Node's own fetch does: the proxy resolves the name and connects, so the address guard
// is its destination policy; the URL checks below (https only, no private IP literals) still apply.
import http, { type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import https from "node:https";
import net from "node:net";
import type { Readable } from "node:stream";
import { isPublicAddress, publicOnlyLookup } from "@atrarium/public-address";
import { envProxyInUse, goesThroughEnvProxy } from "./env-proxy.ts";

// Node's agents take the proxy settings from the environment they are given (NO_PROXY included).
const proxyEnv = envProxyInUse() ? { proxyEnv: process.env } : {};
const agents = {
  "http:": new http.Agent({ keepAlive: true, ...proxyEnv }),
  "https:": new https.Agent({ keepAlive: true, ...proxyEnv }),
};

export interface OutboundRequest {
  method: string;
  headers: Record<string, string | undefined>;
  body?: Readable;
  // Plain http and loopback/private addresses are refused unless this is set (devnet).
  allowPrivate: boolean;
  // Until the response headers arrive, then between chunks of the body.
  headersTimeoutMs: number;
  idleTimeoutMs: number;
  signal?: AbortSignal;
}

export class OutboundError extends Error {}

export function outboundRequest(url: URL, opts: OutboundRequest): Promise<IncomingMessage> {
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return Promise.reject(new OutboundError(`Forbidden protocol "${url.protocol}"`));
  }
  if (!opts.allowPrivate) {
    if (url.protocol !== "https:") return Promise.reject(new OutboundError("Only https is allowed"));
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (net.isIP(host) !== 0 && !isPublicAddress(host)) {
      return Promise.reject(new OutboundError(`${host} is not a public address`));
    }
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(opts.headers)) if (value !== undefined) headers[name] = value;
  return new Promise((resolve, reject) => {
    const req = (url.protocol === "https:" ? https : http).request(url.href, {
      method: opts.method,
      headers,
      agent: agents[url.protocol as "http:" | "https:"],
      lookup: opts.allowPrivate || goesThroughEnvProxy(url) ? undefined : (publicOnlyLookup as never),
      signal: opts.signal,
    });
    const headersTimer = setTimeout(
      () => req.destroy(new OutboundError("Upstream response headers timed out")),
      opts.headersTimeoutMs,
    );
    req.setTimeout(opts.idleTimeoutMs, () => req.destroy(new OutboundError("Upstream timed out")));
    req.once("response", (res) => {
      clearTimeout(headersTimer);
      resolve(res);
    });
    req.once("error", (err) => {
      clearTimeout(headersTimer);
      reject(err);
    });
    if (opts.body) {
      opts.body.once("error", (err) => req.destroy(err));
      opts.body.pipe(req);
    } else {
      req.end();
    }
  });
}

// A small response body (a DID document, an error envelope), refused past `maxBytes`.
export async function readSmallBody(res: Readable, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      res.destroy();
      throw new OutboundError(`response larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}
