// POST /xrpc/com.atproto.sync.requestCrawl: input as the lexicon (`{hostname}`, a string), the host
// parsed strictly, then the crawler's answer as XRPC: 200 (known or now consumed), 400 InvalidRequest
// (not a hostname, or not a PDS), 403 HostNotAllowed (the allow-list or a non-public address refuses
// it; nothing was connected to), 429 while too many checks run.
import { parseCrawlHostname } from "../crawl/crawl-hostname.ts";
import type { Crawler } from "../crawl/crawler.ts";
import { type JsonResponse, xrpcError } from "./responses.ts";

export async function requestCrawl(crawler: Crawler, input: unknown): Promise<JsonResponse> {
  const hostname = (input as { hostname?: unknown } | null)?.hostname;
  if (typeof input !== "object" || input === null || Array.isArray(input) || typeof hostname !== "string") {
    return xrpcError(400, "InvalidRequest", 'Input must have the property "hostname", a string');
  }
  const target = parseCrawlHostname(hostname);
  if ("invalid" in target) return xrpcError(400, "InvalidRequest", target.invalid);
  const outcome = await crawler.request(target, hostname);
  switch (outcome.kind) {
    case "known":
    case "added":
      return { status: 200, body: {} };
    case "refused":
      return xrpcError(403, "HostNotAllowed", outcome.message);
    case "notPds":
      return xrpcError(400, "InvalidRequest", `not a reachable PDS: ${outcome.message}`);
    case "busy":
      return xrpcError(
        429,
        "RateLimitExceeded",
        "too many crawl requests are being checked; try again later",
      );
  }
}
