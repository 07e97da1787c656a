// Outbound HTTP for service proxying and did:web documents: node:http(s) so request and response
// bodies stream, with an SSRF guard. A DID document is written by whoever controls the DID, so without
// the guard anyone could point this server at its own loopback or private network.
import dns, { type LookupAddress } from "node:dns";
import http, { type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import https from "node:https";
import net from "node:net";
import type { Readable } from "node:stream";

// Everything that is not a public unicast address (RFC 6890 special-purpose ranges).
const nonPublic = new net.BlockList();
for (const [prefix, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  nonPublic.addSubnet(prefix, bits, "ipv4");
}
for (const [prefix, bits] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  nonPublic.addSubnet(prefix, bits, "ipv6");
}

export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPublicAddress(mapped[1]);
  return !nonPublic.check(address, family === 4 ? "ipv4" : "ipv6");
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

// Checks every address a name resolves to, so a DNS answer cannot smuggle in a private address.
function publicOnlyLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    if (addresses.length === 0 || addresses.some((a) => !isPublicAddress(a.address))) {
      return callback(new Error(`${hostname} resolves to a non-public address`), []);
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}

const agents = {
  "http:": new http.Agent({ keepAlive: true }),
  "https:": new https.Agent({ keepAlive: true }),
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
      lookup: opts.allowPrivate ? undefined : (publicOnlyLookup as never),
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
