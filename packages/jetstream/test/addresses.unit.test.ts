// Pure address rules: the key the per-client connection cap counts under, and when a DID document's
// PDS endpoint names an upstream. (Which peers are loopback, for /stats and /metrics, is
// @atrarium/observability's rule, tested there.)
import { describe, expect, it } from "vitest";
import { clientKey } from "../src/http/client-address.ts";
import { sameServer } from "../src/ingest/hosting.ts";

describe("client addresses", () => {
  it("counts IPv4 (also IPv4-mapped) per address and IPv6 per /64", () => {
    expect(clientKey("203.0.113.7")).toBe("203.0.113.7");
    expect(clientKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(clientKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(clientKey("2001:db8:1:2:bbbb:cccc:dddd:eeee")).toBe("2001:db8:1:2::/64");
    expect(clientKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(clientKey("2001:db8:1:3::1")).not.toBe(clientKey("2001:db8:1:2::1"));
    expect(clientKey(undefined)).toBe("unknown");
  });
});

describe("PDS endpoint of a DID document vs an upstream URL", () => {
  it("matches host and port whatever the scheme, every loopback name as one host", () => {
    expect(sameServer("https://pds.example.com", "wss://pds.example.com")).toBe(true);
    expect(sameServer("https://pds.example.com/", "https://PDS.example.com:443")).toBe(true);
    expect(sameServer("http://localhost:2583", "http://127.0.0.1:2583")).toBe(true);
    expect(sameServer("http://[::1]:2583", "ws://127.0.0.1:2583")).toBe(true);
    expect(sameServer("http://localhost:2583", "http://127.0.0.1:2584")).toBe(false);
    expect(sameServer("https://pds.example.com", "http://pds.example.com")).toBe(false);
    expect(sameServer("https://evil.example.com", "https://pds.example.com")).toBe(false);
    expect(sameServer("https://pds.example.com.evil.test", "https://pds.example.com")).toBe(false);
    expect(sameServer("not a url", "not a url")).toBe(false);
  });
});
