// A peer XRPC service on 127.0.0.1 (an AppView, a moderation service) for the default-proxying tests:
// it checks each request's service JWT as a real service does, with @atproto/xrpc-server's verifyJwt
// (audience = its own DID, lxm = the method, signature by the issuer's key from our PLC), records what
// it received and answers what the test tells it to.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { verifyJwt } from "@atproto/xrpc-server";

export interface PeerCall {
  nsid: string;
  method: string;
  // The query string, without its "?".
  query: string;
  claims: { iss: string; aud: string; lxm?: string; exp: number };
  body: unknown;
}

export interface PeerService {
  url: string;
  did: string;
  calls: PeerCall[];
  close: () => Promise<void>;
}

type Responder = (call: PeerCall) => unknown;

async function signingKeyOf(plcUrl: string, did: string): Promise<string> {
  const doc = (await (await fetch(`${plcUrl}/${encodeURIComponent(did)}`)).json()) as {
    verificationMethod: { id: string; publicKeyMultibase: string }[];
  };
  const key = doc.verificationMethod.find((m) => m.id.endsWith("#atproto"));
  if (!key) throw new Error(`no #atproto key for ${did}`);
  return `did:key:${key.publicKeyMultibase}`;
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

// `plcUrl` is asked at each request: the PDS (and its PLC) may start after the service it is configured with.
export async function startPeerService(
  did: string,
  plcUrl: () => string,
  respond: Responder,
): Promise<PeerService> {
  const calls: PeerCall[] = [];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const nsid = url.pathname.replace(/^\/xrpc\//, "");
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    const text = Buffer.concat(chunks).toString();
    const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    try {
      const claims = await verifyJwt(token, did, nsid, (iss) => signingKeyOf(plcUrl(), iss.split("#")[0]));
      const call = {
        nsid,
        method: req.method ?? "",
        query: url.search.slice(1),
        claims,
        body: text ? JSON.parse(text) : undefined,
      };
      calls.push(call as PeerCall);
      send(res, 200, respond(call as PeerCall));
    } catch (err) {
      send(res, 401, { error: "BadJwt", message: (err as Error).message });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    did,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
