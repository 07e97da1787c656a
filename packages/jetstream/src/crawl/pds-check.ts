// Before consuming a host we were asked to crawl, ask it whether it is a PDS: its
// com.atproto.server.describeServer must answer with a service DID. The request goes through
// node:http(s) so that, for a public host, the connection is made only to addresses checked public
// (publicOnlyLookup); no redirect is followed and the answer is read under a size cap.
import http from "node:http";
import https from "node:https";
import { NonPublicAddressError, publicOnlyLookup } from "@atrarium/public-address";

const MAX_BODY_BYTES = 64 * 1024;

export class NotAPdsError extends Error {}
export { NonPublicAddressError };

// Resolves with the server's DID; rejects with NonPublicAddressError or NotAPdsError.
export function describePds(
  baseUrl: string,
  opts: { publicOnly: boolean; timeoutMs: number },
): Promise<string> {
  const url = new URL("/xrpc/com.atproto.server.describeServer", baseUrl);
  return new Promise((resolve, reject) => {
    const fail = (err: Error) =>
      reject(err instanceof NonPublicAddressError ? err : new NotAPdsError(`${url.origin}: ${err.message}`));
    const req = (url.protocol === "https:" ? https : http).get(url.href, {
      lookup: opts.publicOnly ? (publicOnlyLookup as never) : undefined,
      headers: { accept: "application/json" },
      timeout: opts.timeoutMs,
    });
    const timer = setTimeout(() => req.destroy(new Error("describeServer timed out")), opts.timeoutMs);
    req.once("error", (err) => {
      clearTimeout(timer);
      fail(err);
    });
    req.once("timeout", () => req.destroy(new Error("describeServer timed out")));
    req.once("response", (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        clearTimeout(timer);
        return fail(new Error(`describeServer answered HTTP ${res.statusCode}`));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) req.destroy(new Error("describeServer answer too large"));
        else chunks.push(chunk);
      });
      res.once("error", (err) => {
        clearTimeout(timer);
        fail(err);
      });
      res.once("end", () => {
        clearTimeout(timer);
        try {
          const did = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { did?: unknown }).did;
          if (typeof did === "string" && did.startsWith("did:")) return resolve(did);
        } catch {
          // Not JSON: not a PDS.
        }
        fail(new Error("describeServer did not answer with a service did"));
      });
    });
  });
}
