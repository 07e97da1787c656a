// The `hostname` of a com.atproto.sync.requestCrawl: what a PDS says it is reached at. It is input
// anyone can send, so it is parsed strictly: a DNS name or an IP literal, optionally `:port`, nothing
// else (no scheme, path, user info or trailing dot). Whether that host may be crawled is
// crawl-allow.ts's question.
import { isIPv4, isIPv6 } from "node:net";
import { isValidHandle } from "@atproto/syntax";
import { isLoopback } from "@atrarium/observability";

export interface CrawlHostname {
  // Lowercase name, or the IP address (IPv6 without brackets).
  host: string;
  port: number | undefined;
  ip: boolean;
  loopback: boolean;
}

const SHAPE = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/;

// The parsed hostname, or why it is not one.
export function parseCrawlHostname(input: string): CrawlHostname | { invalid: string } {
  const text = input.toLowerCase();
  const match = text.length <= 260 ? SHAPE.exec(text) : null;
  if (!match) return { invalid: "hostname must be a host name, optionally with :port, and nothing else" };
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return { invalid: "port must be from 1 to 65535" };
  const bracketed = match[1].startsWith("[");
  const host = bracketed ? match[1].slice(1, -1) : match[1];
  if (bracketed && !isIPv6(host)) return { invalid: "not an IPv6 address in brackets" };
  if (bracketed || isIPv4(host)) return { host, port, ip: true, loopback: isLoopback(host) };
  // A domain as handles are (labels, a TLD that is not numeric); `localhost` is the one bare name.
  if (host !== "localhost" && !isValidHandle(host)) return { invalid: "hostname is not a valid DNS name" };
  return { host, port, ip: false, loopback: host === "localhost" };
}
