// The pure rules of service proxying and the SSRF guard, without a network beyond loopback refusals.
import { PlcClient } from "@atrarium/plc/client";
import { describe, expect, it } from "vitest";
import { DidResolver, serviceEndpoint } from "../../src/identity/did-resolver.ts";
import { outboundRequest } from "../../src/proxy/outbound-http.ts";
import { PROTECTED_METHODS, parseProxyHeader } from "../../src/proxy/proxy-rules.ts";

describe("atproto-proxy header", () => {
  it("splits <did>#<serviceId>", () => {
    expect(parseProxyHeader("did:web:api.example.com#bsky_appview")).toEqual({
      did: "did:web:api.example.com",
      serviceId: "bsky_appview",
    });
  });

  it.each([
    ["#svc", /no did/],
    ["did:web:a.com", /no service id/],
    ["did:web:a.com#", /no service id/],
    ["did:web:a.com#a#b", /invalid proxy header format/],
    ["did:web:a.com #svc", /cannot contain spaces/],
    ["notadid#svc", /invalid did/],
  ])("refuses %j", (header, message) => {
    expect(() => parseProxyHeader(header)).toThrow(message);
  });

  it("protects account management methods case-insensitively", () => {
    expect(PROTECTED_METHODS.has("com.atproto.server.updateemail")).toBe(true);
    expect(PROTECTED_METHODS.has("app.bsky.feed.gettimeline")).toBe(false);
  });
});

describe("service endpoints in DID documents", () => {
  const doc = {
    id: "did:web:svc.example.com",
    service: [
      { id: "#a", type: "X", serviceEndpoint: "https://a.example.com" },
      { id: "did:web:svc.example.com#b", type: "X", serviceEndpoint: "https://b.example.com" },
      { id: "#c", type: "X", serviceEndpoint: "ftp://c.example.com" },
      { id: "#d", type: "X", serviceEndpoint: { uri: "https://d.example.com" } },
    ],
  };
  it("finds relative and absolute ids, and only http(s) string endpoints", () => {
    expect(serviceEndpoint(doc, "a")).toBe("https://a.example.com");
    expect(serviceEndpoint(doc, "b")).toBe("https://b.example.com");
    expect(serviceEndpoint(doc, "c")).toBeNull();
    expect(serviceEndpoint(doc, "d")).toBeNull();
    expect(serviceEndpoint(doc, "missing")).toBeNull();
  });
});

describe("SSRF guard", () => {
  const guarded = {
    method: "GET",
    headers: {},
    allowPrivate: false,
    headersTimeoutMs: 2000,
    idleTimeoutMs: 2000,
  };
  it("refuses plain http, loopback literals and names that resolve to loopback", async () => {
    await expect(outboundRequest(new URL("http://example.com/"), guarded)).rejects.toThrow(/Only https/);
    await expect(outboundRequest(new URL("https://127.0.0.1:1/"), guarded)).rejects.toThrow(/not a public/);
    await expect(outboundRequest(new URL("https://[::1]:1/"), guarded)).rejects.toThrow(/not a public/);
    await expect(outboundRequest(new URL("https://localhost:1/"), guarded)).rejects.toThrow(/non-public/);
  });

  it("a resolver with the guard on does not fetch did:web documents from loopback", async () => {
    const resolver = new DidResolver(new PlcClient("http://127.0.0.1:1"), { allowPrivate: false });
    await expect(resolver.resolve("did:web:localhost%3A1")).rejects.toThrow(/Only https/);
    await expect(resolver.resolve("did:web:127.0.0.1")).rejects.toThrow(/Only https/);
    await expect(resolver.resolve("did:web:example.com:path")).resolves.toBeNull();
    await expect(resolver.resolve("did:key:zQ3sh")).resolves.toBeNull();
  });
});
