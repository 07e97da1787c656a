// A small XRPC service on 127.0.0.1 for the service-proxying tests: it publishes its own did:web
// document, and checks every request's service JWT the way a real service must: the issuer's signing
// key from our PLC, the signature with @atproto/crypto, and aud, lxm and exp.
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { verifySignature } from "@atproto/crypto";

export const SERVICE_ID = "atrarium_test";

export interface ReceivedCall {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  claims: Record<string, unknown>;
  bodyBytes: number;
  bodySha256: string;
}

export interface ProxyTestService {
  url: string;
  did: string;
  calls: ReceivedCall[];
  close: () => Promise<void>;
}

async function signingKeyOf(plcUrl: string, did: string): Promise<string> {
  const doc = (await (await fetch(`${plcUrl}/${encodeURIComponent(did)}`)).json()) as {
    verificationMethod: { id: string; publicKeyMultibase: string }[];
  };
  const method = doc.verificationMethod.find((m) => m.id.endsWith("#atproto"));
  if (!method) throw new Error(`no #atproto key for ${did}`);
  return `did:key:${method.publicKeyMultibase}`;
}

// Returns the verified claims, or a reason the token is refused.
async function verifyServiceJwt(
  plcUrl: string,
  token: string,
  expected: { aud: string[]; lxm: string },
): Promise<Record<string, unknown> | string> {
  const [h, p, s] = token.split(".");
  if (!h || !p || !s) return "malformed token";
  const header = JSON.parse(Buffer.from(h, "base64url").toString()) as { alg?: string };
  const claims = JSON.parse(Buffer.from(p, "base64url").toString()) as Record<string, unknown>;
  if (header.alg !== "ES256K") return `unexpected alg ${header.alg}`;
  if (!expected.aud.includes(claims.aud as string)) return `bad aud ${String(claims.aud)}`;
  if (claims.lxm !== expected.lxm) return `bad lxm ${String(claims.lxm)}`;
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.exp !== "number" || claims.exp <= now || claims.exp > now + 300) return "bad exp";
  const key = await signingKeyOf(plcUrl, claims.iss as string);
  const ok = await verifySignature(key, new TextEncoder().encode(`${h}.${p}`), Buffer.from(s, "base64url"));
  return ok ? claims : "bad signature";
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

// It accepts the audience `<its did:web>#atrarium_test`; `accept` adds another (a did:plc naming it).
export async function startProxyTestService(plcUrl: string): Promise<
  ProxyTestService & {
    accept: (aud: string) => void;
  }
> {
  const calls: ReceivedCall[] = [];
  const audiences: string[] = [];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/.well-known/did.json") return send(res, 200, didDoc);
    const nsid = url.pathname.replace(/^\/xrpc\//, "");
    const hash = createHash("sha256");
    let bodyBytes = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bodyBytes += chunk.length;
    }
    const auth = req.headers.authorization ?? "";
    const verdict = await verifyServiceJwt(plcUrl, auth.replace(/^Bearer /, ""), {
      aud: audiences,
      lxm: nsid,
    });
    if (typeof verdict === "string") return send(res, 401, { error: "BadJwt", message: verdict });
    calls.push({
      method: req.method ?? "",
      path: req.url ?? "",
      headers: req.headers,
      claims: verdict,
      bodyBytes,
      bodySha256: hash.digest("hex"),
    });
    if (nsid === "net.atrarium.test.fail") {
      const status = Number(url.searchParams.get("status") ?? 400);
      return send(
        res,
        status,
        { error: "CustomError", message: `failed with ${status}` },
        { "retry-after": "7" },
      );
    }
    if (nsid === "net.atrarium.test.empty") {
      res.writeHead(204);
      return res.end();
    }
    send(
      res,
      200,
      { iss: verdict.iss, query: url.search, bodyBytes, bodySha256: calls[calls.length - 1].bodySha256 },
      { "atproto-repo-rev": "3kabc", "content-language": "en", "x-not-forwarded": "secret" },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const did = `did:web:127.0.0.1%3A${port}`;
  audiences.push(`${did}#${SERVICE_ID}`);
  const didDoc = {
    "@context": ["https://www.w3.org/ns/did/v1"],
    id: did,
    service: [{ id: `#${SERVICE_ID}`, type: "AtrariumTestService", serviceEndpoint: url }],
  };
  return {
    url,
    did,
    calls,
    accept: (aud) => audiences.push(aud),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
