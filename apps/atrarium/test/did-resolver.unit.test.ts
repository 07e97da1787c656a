// The Worker's DID resolver without a network: which URL a did:web may make it fetch (only the host
// the DID names, after percent-decoding), and how failures are remembered so that a DID whose
// document cannot be fetched does not make the Worker fetch it again on every request.
import { Secp256k1Keypair } from "@atproto/crypto";
import { describe, expect, it } from "vitest";
import { DidResolver, documentUrl, IdentityError } from "../src/identity/did-resolver.ts";

describe("did:web document URLs", () => {
  const url = (did: string) => {
    try {
      return documentUrl(did, "https://plc.directory");
    } catch (err) {
      return err instanceof IdentityError ? "refused" : `threw ${String(err)}`;
    }
  };

  it("fetches only from the host the DID names, with an optional %3A port", () => {
    expect(url("did:web:bsky.app")).toBe("https://bsky.app/.well-known/did.json");
    expect(url("did:web:api.example-host.com")).toBe("https://api.example-host.com/.well-known/did.json");
    expect(url("did:web:localhost%3A8787")).toBe("http://localhost:8787/.well-known/did.json");
    expect(url("did:web:localhost%3a8787")).toBe("http://localhost:8787/.well-known/did.json");
    expect(url("did:web:127.0.0.1%3A2583")).toBe("http://127.0.0.1:2583/.well-known/did.json");
  });

  it("refuses percent-encoded paths, queries, fragments, userinfo and other escapes", () => {
    for (const did of [
      "did:web:host%2Fpath%3F", // https://host/path?/.well-known/did.json
      "did:web:bsky.app%40evil.example", // https://bsky.app@evil.example/...: userinfo, another host
      "did:web:evil.example%23", // a fragment drops the path
      "did:web:evil.example%3F", // a query swallows the path
      "did:web:evil.example%2F..%2Fx",
      "did:web:evil.example%5C",
      "did:web:evil.example%3A",
      "did:web:evil.example%3A80x",
      "did:web:evil.example%3A99999",
      "did:web:evil%2Eexample",
      "did:web:evil.example%00",
      "did:web:EVIL.example",
      "did:web:-evil.example",
      "did:web:evil..example",
      "did:web:",
      "did:web:example.com:user",
    ])
      expect(url(did), did).toBe("refused");
  });
});

describe("DID resolution failures", () => {
  const DID = "did:web:broken.example";
  const counting = (answer: () => Response | Promise<Response>) => {
    const calls: string[] = [];
    const fetcher = (async (input: RequestInfo | URL) => {
      calls.push(String(input));
      return answer();
    }) as typeof fetch;
    return { calls, fetcher };
  };
  const failure = async (resolver: DidResolver, did = DID) => {
    try {
      await resolver.resolve(did);
      return "resolved";
    } catch (err) {
      return err instanceof IdentityError ? (err.notFound ? "notFound" : "failed") : String(err);
    }
  };

  it("remembers a document that could not be fetched for a while, not forever", async () => {
    let now = 1_000_000;
    const { calls, fetcher } = counting(() => new Response("oops", { status: 500 }));
    const resolver = new DidResolver({ plcUrl: "http://plc.test", fetch: fetcher, now: () => now });
    expect(await failure(resolver)).toBe("failed");
    for (let i = 0; i < 5; i++) expect(await failure(resolver)).toBe("failed");
    expect(calls).toHaveLength(1);
    now += 61_000;
    expect(await failure(resolver)).toBe("failed");
    expect(calls).toHaveLength(2);
  });

  it("remembers an unknown DID, and a host that does not answer", async () => {
    const gone = counting(() => new Response("{}", { status: 404 }));
    const r1 = new DidResolver({ plcUrl: "http://plc.test", fetch: gone.fetcher });
    expect(await failure(r1)).toBe("notFound");
    expect(await failure(r1)).toBe("notFound");
    expect(gone.calls).toHaveLength(1);
    const down = counting(() => Promise.reject(new TypeError("connection refused")));
    const r2 = new DidResolver({ plcUrl: "http://plc.test", fetch: down.fetcher });
    expect(await failure(r2)).toBe("failed");
    expect(await failure(r2, DID)).toBe("failed");
    expect(down.calls).toHaveLength(1);
  });

  it("fetches a document once for concurrent requests, and still follows a rotation when asked", async () => {
    const key = await Secp256k1Keypair.create();
    const doc = {
      id: DID,
      verificationMethod: [{ id: "#atproto", type: "Multikey", publicKeyMultibase: key.did().slice(8) }],
    };
    const { calls, fetcher } = counting(() => Response.json(doc));
    const resolver = new DidResolver({ plcUrl: "http://plc.test", fetch: fetcher });
    const all = await Promise.all(Array.from({ length: 5 }, () => resolver.resolve(DID)));
    expect(all.map((i) => i.signingKey)).toEqual(Array(5).fill(key.did()));
    expect(calls).toHaveLength(1);
    await resolver.resolve(DID, { fresh: true });
    expect(calls).toHaveLength(2);
  });
});
