// The proxy's DID resolver (@atproto/identity's resolvers over our guarded outbound fetch) against a
// did:web document server on 127.0.0.1 and the devnet's PLC: what it accepts, what it refuses, and
// that with the SSRF guard on it sends nothing to loopback at all.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Secp256k1Keypair } from "@atproto/crypto";
import { didForGenesisOp, PlcClient, signOp } from "@atrarium/plc/client";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { DidResolver, serviceEndpoint } from "../../src/identity/did-resolver.ts";

const { plcUrl } = inject("devnet");

type Answer = (res: http.ServerResponse) => void;

describe("DID resolution for service proxying", () => {
  let server: http.Server;
  let did: string;
  let endpoint: string;
  let requests: string[];
  let answer: Answer;
  const json =
    (status: number, body: unknown): Answer =>
    (res) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
  const docFor = (id: string, extra: Record<string, unknown> = {}) => ({
    "@context": ["https://www.w3.org/ns/did/v1"],
    id,
    service: [{ id: "#svc", type: "TestService", serviceEndpoint: endpoint }],
    ...extra,
  });
  const resolver = (allowPrivate = true) => new DidResolver(new PlcClient(plcUrl), { allowPrivate });

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests.push(req.url ?? "");
      answer(res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    did = `did:web:127.0.0.1%3A${port}`;
    endpoint = `http://127.0.0.1:${port}`;
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  beforeEach(() => {
    requests = [];
    answer = json(200, docFor(did));
  });

  it("fetches a loopback did:web document over http on a devnet, once while it is cached", async () => {
    const r = resolver();
    const doc = await r.resolve(did);
    expect(doc?.id).toBe(did);
    expect(serviceEndpoint(doc as NonNullable<typeof doc>, "svc")).toBe(endpoint);
    expect(await r.resolve(did)).toEqual(doc);
    expect(requests).toEqual(["/.well-known/did.json"]);
  });

  it("refuses a document that names another DID or is not a DID document", async () => {
    answer = json(200, docFor("did:web:elsewhere.example.com"));
    await expect(resolver().resolve(did)).rejects.toThrow(/Poorly formatted DID Document/);
    answer = json(200, { id: did, service: "not a list" });
    await expect(resolver().resolve(did)).rejects.toThrow(/Poorly formatted DID Document/);
  });

  it("refuses a document over 64 KiB before parsing it", async () => {
    answer = json(200, docFor(did, { padding: "x".repeat(70 * 1024) }));
    await expect(resolver().resolve(did)).rejects.toThrow(/larger than 65536 bytes/);
  });

  it("a missing document, or a redirect (not followed), is a DID that does not resolve", async () => {
    answer = json(404, { error: "NotFound" });
    await expect(resolver().resolve(did)).resolves.toBeNull();
    answer = (res) => {
      res.writeHead(302, { location: "/elsewhere/did.json" });
      res.end();
    };
    await expect(resolver().resolve(did)).resolves.toBeNull();
    expect(requests).toEqual(["/.well-known/did.json", "/.well-known/did.json"]);
  });

  it("with the SSRF guard on, a loopback did:web is refused without a request", async () => {
    await expect(resolver(false).resolve(did)).rejects.toThrow(/Only https/);
    expect(requests).toEqual([]);
  });

  it("resolves a did:plc from our PLC directory; an unknown one is null", async () => {
    const rotation = await Secp256k1Keypair.create();
    const op = await signOp(
      {
        type: "plc_operation",
        verificationMethods: {},
        rotationKeys: [rotation.did()],
        alsoKnownAs: [],
        services: { svc: { type: "TestService", endpoint } },
        prev: null,
      },
      rotation,
    );
    const plcDid = didForGenesisOp(op);
    await new PlcClient(plcUrl).sendOperation(plcDid, op);
    const doc = await resolver(false).resolve(plcDid);
    expect(serviceEndpoint(doc as NonNullable<typeof doc>, "svc")).toBe(endpoint);
    await expect(resolver(false).resolve("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa")).resolves.toBeNull();
  });
});
