// Pure rules of requestCrawl: which hostnames parse, which the allow-list (JETSTREAM_CRAWL_ALLOW)
// permits and at which URL (the address guard is tested in packages/public-address).
import { describe, expect, it } from "vitest";
import { decideCrawl, parseCrawlAllow } from "../src/crawl/crawl-allow.ts";
import { type CrawlHostname, parseCrawlHostname } from "../src/crawl/crawl-hostname.ts";

const host = (input: string): CrawlHostname => {
  const parsed = parseCrawlHostname(input);
  if ("invalid" in parsed) throw new Error(`${input}: ${parsed.invalid}`);
  return parsed;
};

describe("requestCrawl hostname", () => {
  it("accepts a DNS name or an IP literal, with an optional port", () => {
    expect(host("PDS.Example.com")).toEqual({
      host: "pds.example.com",
      port: undefined,
      ip: false,
      loopback: false,
    });
    expect(host("localhost:2583")).toEqual({ host: "localhost", port: 2583, ip: false, loopback: true });
    expect(host("127.0.0.1:2583")).toEqual({ host: "127.0.0.1", port: 2583, ip: true, loopback: true });
    expect(host("[::1]:2583")).toEqual({ host: "::1", port: 2583, ip: true, loopback: true });
    expect(host("10.0.0.1")).toEqual({ host: "10.0.0.1", port: undefined, ip: true, loopback: false });
  });

  it("refuses anything else", () => {
    for (const bad of [
      "",
      "https://pds.example.com",
      "pds.example.com/xrpc",
      "user@pds.example.com",
      "pds.example.com.",
      "pds..example.com",
      "-pds.example.com",
      "pds.example.com:0",
      "pds.example.com:70000",
      "pds.example.com:",
      "intranet",
      "[10.0.0.1]",
      "pds.example.com?x=1",
      `${"a".repeat(64)}.example.com`,
    ]) {
      expect(parseCrawlHostname(bad), bad).toHaveProperty("invalid");
    }
  });
});

describe("JETSTREAM_CRAWL_ALLOW", () => {
  it("defaults to public https names only", () => {
    const rules = parseCrawlAllow(undefined);
    expect(rules).toEqual([{ kind: "public" }]);
    expect(parseCrawlAllow("")).toEqual(rules);
    expect(decideCrawl(host("pds.example.com"), rules)).toEqual({
      url: "https://pds.example.com",
      publicOnly: true,
    });
    for (const refused of [
      "127.0.0.1:2583",
      "localhost:2583",
      "localhost",
      "10.0.0.1",
      "[::1]:80",
      "169.254.169.254",
      "8.8.8.8",
      "pds.example.com:8080",
    ]) {
      expect(decideCrawl(host(refused), rules), refused).toHaveProperty("refused");
    }
  });

  it("permits loopback by port, range or any port; none permits nothing", () => {
    const rules = parseCrawlAllow("loopback:2583, loopback:3000-3002");
    expect(decideCrawl(host("localhost:2583"), rules)).toEqual({
      url: "http://127.0.0.1:2583",
      publicOnly: false,
    });
    expect(decideCrawl(host("127.0.0.1:3001"), rules)).toEqual({
      url: "http://127.0.0.1:3001",
      publicOnly: false,
    });
    expect(decideCrawl(host("[::1]:3002"), rules)).toEqual({ url: "http://[::1]:3002", publicOnly: false });
    expect(decideCrawl(host("localhost:2584"), rules)).toHaveProperty("refused");
    // No `public` entry: public names are refused too; private addresses always are.
    expect(decideCrawl(host("pds.example.com"), rules)).toHaveProperty("refused");
    const any = parseCrawlAllow("public,loopback:*");
    expect(decideCrawl(host("localhost:54321"), any)).toHaveProperty("url", "http://127.0.0.1:54321");
    expect(decideCrawl(host("10.0.0.1:2583"), any)).toHaveProperty("refused");
    expect(decideCrawl(host("pds.example.com"), parseCrawlAllow("none"))).toHaveProperty("refused");
  });

  it("rejects entries it does not understand at start", () => {
    for (const bad of ["loopback", "loopback:0", "loopback:9-3", "10.0.0.0/8", "none,public", "https://x"]) {
      expect(() => parseCrawlAllow(bad), bad).toThrow(/JETSTREAM_CRAWL_ALLOW/);
    }
  });
});
