import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Secp256k1Keypair } from "@atproto/crypto";
import { didForGenesisOp, PlcClient, signOp } from "@atrarium/plc/client";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type ProxyTestService, SERVICE_ID, startProxyTestService } from "./proxy-service.ts";

const { pdsUrl, plcUrl } = inject("devnet");

describe("service proxying (atproto-proxy)", () => {
  let service: ProxyTestService & { accept: (aud: string) => void };
  let acct: TestAccount;
  let token: string;
  const xrpc = (nsid: string, query = "") => `${pdsUrl}/xrpc/${nsid}${query}`;
  const proxied = (extra: Record<string, string> = {}, to = `${service.did}#${SERVICE_ID}`) => ({
    authorization: `Bearer ${token}`,
    "atproto-proxy": to,
    ...extra,
  });

  beforeAll(async () => {
    service = await startProxyTestService(plcUrl);
    acct = await createTestAccount(pdsUrl);
    token = acct.agent.session?.accessJwt as string;
  });
  afterAll(() => service.close());

  it("forwards a query with a service JWT the service verifies against our PLC", async () => {
    const res = await fetch(xrpc("net.atrarium.test.echo", "?a=1&b=two"), {
      headers: proxied({ "accept-language": "ja", "x-secret": "not for upstream" }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { iss: string; query: string };
    expect(body).toMatchObject({ iss: acct.did, query: "?a=1&b=two" });
    const call = service.calls[service.calls.length - 1];
    expect(call.claims).toMatchObject({
      iss: acct.did,
      aud: `${service.did}#${SERVICE_ID}`,
      lxm: "net.atrarium.test.echo",
    });
    expect((call.claims.exp as number) - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(60);
    // Only the listed headers travel; the caller's own token never leaves the PDS.
    expect(call.headers["accept-language"]).toBe("ja");
    expect(call.headers["x-secret"]).toBeUndefined();
    expect(call.headers["atproto-proxy"]).toBeUndefined();
    expect(call.headers.authorization).not.toContain(token);
    // Response: status, body and the forwarded headers; others stay behind.
    expect(res.headers.get("atproto-repo-rev")).toBe("3kabc");
    expect(res.headers.get("content-language")).toBe("en");
    expect(res.headers.get("x-not-forwarded")).toBeNull();
  });

  it("streams a procedure's body through unchanged", async () => {
    const payload = randomBytes(3 * 1024 * 1024);
    const res = await fetch(xrpc("net.atrarium.test.upload"), {
      method: "POST",
      headers: proxied({ "content-type": "application/octet-stream" }),
      body: payload,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { bodyBytes: number; bodySha256: string };
    expect(body.bodyBytes).toBe(payload.length);
    expect(body.bodySha256).toBe(createHash("sha256").update(payload).digest("hex"));
    const call = service.calls[service.calls.length - 1];
    expect(call.method).toBe("POST");
    expect(call.headers["content-type"]).toBe("application/octet-stream");
  });

  it("passes upstream errors back with their name; an upstream 500 becomes 502", async () => {
    const bad = await fetch(xrpc("net.atrarium.test.fail", "?status=400"), { headers: proxied() });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: "CustomError", message: "failed with 400" });
    expect(bad.headers.get("retry-after")).toBe("7");
    const crashed = await fetch(xrpc("net.atrarium.test.fail", "?status=500"), { headers: proxied() });
    expect(crashed.status).toBe(502);
    expect(((await crashed.json()) as { error: string }).error).toBe("CustomError");
    const empty = await fetch(xrpc("net.atrarium.test.empty"), { headers: proxied() });
    expect(empty.status).toBe(204);
  });

  it("resolves a did:plc service entry registered on our PLC", async () => {
    const rotation = await Secp256k1Keypair.create();
    const op = await signOp(
      {
        type: "plc_operation",
        verificationMethods: {},
        rotationKeys: [rotation.did()],
        alsoKnownAs: [],
        services: { [SERVICE_ID]: { type: "AtrariumTestService", endpoint: service.url } },
        prev: null,
      },
      rotation,
    );
    const did = didForGenesisOp(op);
    await new PlcClient(plcUrl).sendOperation(did, op);
    service.accept(`${did}#${SERVICE_ID}`);
    const res = await fetch(xrpc("net.atrarium.test.echo"), { headers: proxied({}, `${did}#${SERVICE_ID}`) });
    expect(res.status).toBe(200);
    expect(service.calls[service.calls.length - 1].claims.aud).toBe(`${did}#${SERVICE_ID}`);
  });

  it("refuses unauthenticated callers, bad headers and protected methods", async () => {
    const anon = await fetch(xrpc("net.atrarium.test.echo"), {
      headers: { "atproto-proxy": `${service.did}#${SERVICE_ID}` },
    });
    expect(anon.status).toBe(401);
    expect(((await anon.json()) as { error: string }).error).toBe("AuthenticationRequired");
    const cases: [string, number, string, RegExp][] = [
      [service.did, 400, "InvalidRequest", /no service id/],
      [`#${SERVICE_ID}`, 400, "InvalidRequest", /no did/],
      [`${service.did}#a#b`, 400, "InvalidRequest", /invalid proxy header/],
      [`${service.did}#nope`, 400, "InvalidRequest", /could not resolve proxy did service url/],
      ["did:plc:aaaaaaaaaaaaaaaaaaaaaaaa#x", 400, "InvalidRequest", /could not resolve proxy did/],
    ];
    for (const [to, status, error, message] of cases) {
      const res = await fetch(xrpc("net.atrarium.test.echo"), { headers: proxied({}, to) });
      const body = (await res.json()) as { error: string; message: string };
      expect({ to, status: res.status, error: body.error }).toEqual({ to, status, error });
      expect(body.message).toMatch(message);
    }
    // A protected method is never proxied. Every one is now served here (and a method served here is
    // answered here whatever atproto-proxy says), but a case variant of its name is not, so it reaches
    // the proxy, which matches protected methods case-insensitively as the official PDS does.
    const protectedRes = await fetch(xrpc("com.atproto.admin.sendEMAIL"), {
      method: "POST",
      headers: proxied({ "content-type": "application/json" }),
      body: "{}",
    });
    expect(protectedRes.status).toBe(400);
    expect(((await protectedRes.json()) as { error: string }).error).toBe("InvalidToken");
    const wrongVerb = await fetch(xrpc("app.bsky.actor.getProfile", "?actor=x.test"), {
      method: "POST",
      headers: proxied(),
    });
    expect(wrongVerb.status).toBe(400);
  });

  it("an unreachable service is an UpstreamFailure", async () => {
    // A port that was just free: nothing listens there any more.
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const rotation = await Secp256k1Keypair.create();
    const op = await signOp(
      {
        type: "plc_operation",
        verificationMethods: {},
        rotationKeys: [rotation.did()],
        alsoKnownAs: [],
        services: { [SERVICE_ID]: { type: "AtrariumTestService", endpoint: `http://127.0.0.1:${port}` } },
        prev: null,
      },
      rotation,
    );
    const did = didForGenesisOp(op);
    await new PlcClient(plcUrl).sendOperation(did, op);
    const res = await fetch(xrpc("net.atrarium.test.echo"), { headers: proxied({}, `${did}#${SERVICE_ID}`) });
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: string }).error).toBe("UpstreamFailure");
  });

  it("methods this PDS implements are served locally, header or not", async () => {
    const res = await fetch(xrpc("com.atproto.server.describeServer"), { headers: proxied() });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { did: string }).did).toMatch(/^did:web:/);
  });
});
