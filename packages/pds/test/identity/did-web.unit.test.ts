// did:web names a host; after percent-decoding it must still be only a host (and an encoded port), or
// the document would be fetched from somewhere the DID does not name (a path, a query, userinfo).
import { PlcClient } from "@atrarium/plc/client";
import { describe, expect, it } from "vitest";
import { DidResolver } from "../../src/identity/did-resolver.ts";
import { didWebDocumentUrl, InvalidDidWebError } from "../../src/identity/did-web.ts";
import { parseProxyHeader } from "../../src/proxy/proxy-rules.ts";

const smuggling = [
  "did:web:host%2Fpath%3F",
  "did:web:bsky.app%40evil.example",
  "did:web:example.com%2F..%2Fsecret",
  "did:web:example.com%23frag",
  "did:web:example.com%3A443%2Fx",
  "did:web:example.com%3Aabc",
  "did:web:example.com%3A",
  "did:web:example.com%3A99999",
  "did:web:exa%20mple.com",
  "did:web:example..com",
  "did:web:.example.com",
  "did:web:example.com.",
  "did:web:-example.com",
  "did:web:EXAMPLE.com",
  "did:web:%65xample.com",
  "did:web:",
  "did:web:1.2.3",
  "did:web:0x7f.1",
];

describe("did:web to document URL", () => {
  it.each([
    ["did:web:example.com", "https://example.com/.well-known/did.json"],
    ["did:web:sub.example-host.co.uk", "https://sub.example-host.co.uk/.well-known/did.json"],
    ["did:web:localhost%3A2583", "http://localhost:2583/.well-known/did.json"],
    ["did:web:127.0.0.1%3A8080", "http://127.0.0.1:8080/.well-known/did.json"],
    ["did:web:example.com%3A8443", "https://example.com:8443/.well-known/did.json"],
    ["did:web:example.com%3a8443", "https://example.com:8443/.well-known/did.json"],
  ])("%s -> %s", (did, url) => {
    expect(didWebDocumentUrl(did).href).toBe(url);
  });

  it.each(smuggling)("refuses %s", (did) => {
    expect(() => didWebDocumentUrl(did)).toThrow(InvalidDidWebError);
  });

  it("says what is wrong", () => {
    expect(() => didWebDocumentUrl("did:web:bsky.app%40evil.example")).toThrow(/only %3A before a port/);
    expect(() => didWebDocumentUrl("did:web:EXAMPLE.com")).toThrow(
      /did:web host .* may only contain a-z, 0-9, '.' and '-'/,
    );
    expect(() => didWebDocumentUrl("did:web:host%2Fpath%3F")).toThrow(/only %3A before a port/);
  });
});

describe("the resolver refuses them before any fetch", () => {
  // Loopback allowed, as on a devnet: without the check these would reach a socket (a refused
  // connection on port 1) rather than fail on the DID itself.
  const resolver = new DidResolver(new PlcClient("http://127.0.0.1:1"), { allowPrivate: true });

  it.each([
    "did:web:localhost%3A1%2Fpath%3F",
    "did:web:127.0.0.1%3A1%40localhost%3A1",
    "did:web:localhost%3A1%2F.well-known%2Fdid.json%23",
  ])("%s", async (did) => {
    await expect(resolver.resolve(did)).rejects.toThrow(InvalidDidWebError);
  });

  it("a valid did:web still reaches the network (here: a refused connection)", async () => {
    await expect(resolver.resolve("did:web:localhost%3A1")).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe("atproto-proxy header with a did:web", () => {
  it("accepts a host and an encoded port", () => {
    expect(parseProxyHeader("did:web:localhost%3A2583#svc").did).toBe("did:web:localhost%3A2583");
  });

  it.each(["did:web:host%2Fpath%3F#svc", "did:web:bsky.app%40evil.example#bsky_appview"])(
    "refuses %s with InvalidRequest",
    (header) => {
      expect(() => parseProxyHeader(header)).toThrow(/invalid did in proxy header/);
    },
  );
});
