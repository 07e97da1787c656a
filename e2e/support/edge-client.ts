// The test's own https client for a TLS test host (e.g. https://atrarium.internal:<port>): the name is
// resolved to the edge on loopback for this client only, and the certificate is checked against the
// test CA, so the request is exactly what a client on the internet sends (SNI, Host, verified TLS).
import https from "node:https";
import type { LookupFunction } from "node:net";

export interface EdgeAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // The body parsed as JSON, or undefined when it is not JSON.
  json: unknown;
}

export type EdgeFetch = (
  pathOrUrl: string,
  init?: { method?: string; headers?: Record<string, string>; body?: unknown },
) => Promise<EdgeAnswer>;

export function edgeClient(publicUrl: string, caPem: string, address = "127.0.0.1"): EdgeFetch {
  const lookup: LookupFunction = (_host, options, callback) => {
    if (options.all)
      (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address, family: 4 },
      ]);
    else callback(null, address, 4);
  };
  return (pathOrUrl, init = {}) =>
    new Promise((resolve, reject) => {
      const url = new URL(pathOrUrl, publicUrl);
      const body = init.body === undefined ? undefined : JSON.stringify(init.body);
      const req = https.request(
        url,
        {
          method: init.method ?? (body ? "POST" : "GET"),
          ca: caPem,
          lookup,
          timeout: 20_000,
          headers: { ...(body ? { "content-type": "application/json" } : {}), ...init.headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", reject);
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let json: unknown;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${url.href} did not answer in 20 s`)));
      req.on("error", reject);
      req.end(body);
    });
}
