// Which requestCrawl hosts Jetstream may connect to (JETSTREAM_CRAWL_ALLOW), since the hostname is
// chosen by whoever sends the request. A comma-separated list of:
//   public          https://<name> on port 443, for a DNS name all of whose addresses are public (the
//                   address check happens when connecting, crawl-connect.ts); never an IP literal.
//   loopback:<port> http://127.0.0.1:<port> (also named localhost, 127.x.y.z or [::1]); a range
//   loopback:<a>-<b> or any port with loopback:*. For a devnet, where every PDS is on this machine.
//   none            nothing (no other entry may be given with it).
// Unset or empty: `public`. Private and link-local addresses are never allowed.
import type { CrawlHostname } from "./crawl-hostname.ts";

export type CrawlRule = { kind: "public" } | { kind: "loopback"; from: number; to: number };

export function parseCrawlAllow(raw: string | undefined): CrawlRule[] {
  const entries = (raw ?? "")
    .split(",")
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
  if (entries.length === 0) return [{ kind: "public" }];
  if (entries.includes("none")) {
    if (entries.length > 1)
      throw new Error("JETSTREAM_CRAWL_ALLOW: `none` cannot be combined with other entries");
    return [];
  }
  return entries.map((entry): CrawlRule => {
    if (entry === "public") return { kind: "public" };
    const loopback = /^loopback:(?:(\*)|(\d{1,5})(?:-(\d{1,5}))?)$/.exec(entry);
    if (loopback) {
      if (loopback[1]) return { kind: "loopback", from: 1, to: 65535 };
      const from = Number(loopback[2]);
      const to = loopback[3] === undefined ? from : Number(loopback[3]);
      if (from >= 1 && to <= 65535 && from <= to) return { kind: "loopback", from, to };
    }
    throw new Error(
      `JETSTREAM_CRAWL_ALLOW: ${JSON.stringify(entry)} is not public, none, loopback:<port>, loopback:<a>-<b> or loopback:*`,
    );
  });
}

export type CrawlDecision =
  // The upstream base URL; `publicOnly`: connect only if the name resolves to public addresses.
  { url: string; publicOnly: boolean } | { refused: string };

export function decideCrawl(target: CrawlHostname, rules: readonly CrawlRule[]): CrawlDecision {
  if (target.loopback) {
    const port = target.port ?? 80;
    const allowed = rules.some((r) => r.kind === "loopback" && port >= r.from && port <= r.to);
    if (!allowed)
      return { refused: `loopback host ${describe(target)} is not allowed by JETSTREAM_CRAWL_ALLOW` };
    // localhost may resolve to ::1 first while a devnet PDS listens on 127.0.0.1 only.
    const host =
      target.host === "localhost"
        ? "127.0.0.1"
        : target.ip && target.host.includes(":")
          ? `[${target.host}]`
          : target.host;
    return { url: `http://${host}:${port}`, publicOnly: false };
  }
  if (target.ip)
    return { refused: `IP address ${describe(target)} is not allowed: request a crawl by DNS name` };
  if (!rules.some((r) => r.kind === "public")) {
    return { refused: `${describe(target)} is not allowed by JETSTREAM_CRAWL_ALLOW` };
  }
  if (target.port !== undefined && target.port !== 443) {
    return { refused: `${describe(target)}: public hosts are crawled over https on port 443 only` };
  }
  return { url: `https://${target.host}`, publicOnly: true };
}

const describe = (t: CrawlHostname) =>
  `${t.host.includes(":") ? `[${t.host}]` : t.host}${t.port === undefined ? "" : `:${t.port}`}`;
