// The server refuses garbage with 400 (never 500, never a crash), answers CORS everywhere, and keeps
// one history per DID when updates race.
import { updateHandleOp } from "@did-plc/lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectStatus, getJson, newIdentity, postOp, startTestPlc, type TestPlc } from "./helpers.ts";

let plc: TestPlc;
beforeAll(async () => {
  plc = await startTestPlc();
});
afterAll(() => plc.cleanup());

describe("bad input", () => {
  it("malformed JSON and non-operation bodies are 400 with a message", async () => {
    const id = await newIdentity();
    const bodies: string[] = [
      "",
      "{",
      "not json",
      "null",
      "42",
      '"a string"',
      "[]",
      "{}",
      '{"type":"plc_operation"}',
      '{"type":"plc_tombstone","prev":1,"sig":"x"}',
      '{"type":"something_else"}',
      JSON.stringify({ ...id.genesis, rotationKeys: "nope" }),
      JSON.stringify({ ...id.genesis, rotationKeys: ["did:key:bogus"] }),
      JSON.stringify({ ...id.genesis, verificationMethods: { atproto: "zQ3notadidkey" } }),
      JSON.stringify({ ...id.genesis, extra: 1.5 }),
      JSON.stringify({ ...id.genesis, sig: "!!!" }),
      JSON.stringify({ ...id.genesis, sig: "" }),
      JSON.stringify({ ...id.genesis, alsoKnownAs: Array.from({ length: 11 }, (_, i) => `at://${i}.test`) }),
      JSON.stringify({ ...id.genesis, alsoKnownAs: ["at://a.test", "at://a.test"] }),
      JSON.stringify({ ...id.genesis, services: { atproto_pds: { type: "x", endpoint: "x".repeat(3990) } } }),
      "\u0000\u0001\u0002",
    ];
    for (const body of bodies) {
      const res = await postOp(plc.url, id.did, body);
      const json = (await res.json()) as { message?: unknown };
      expect(res.status, body.slice(0, 80)).toBe(400);
      expect(typeof json.message, body.slice(0, 80)).toBe("string");
    }
    // Raw bytes that are not UTF-8, and a non-JSON content type.
    const binary = await fetch(`${plc.url}/${id.did}`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: new Uint8Array([0xff, 0xfe, 0x00, 0x80]),
    });
    expect(binary.status).toBe(400);
    // The server is still healthy and the genesis still works afterwards.
    await expectStatus(await postOp(plc.url, id.did, id.genesis), 200);
  });

  it("an oversized body is refused without reading it all", async () => {
    const res = await postOp(plc.url, "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", `"${"x".repeat(200_000)}"`);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toMatch(/too large/);
  });

  it("unknown routes and methods are JSON 404s", async () => {
    const res = await getJson(`${plc.url}/a/b/c/d`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: "Not Found" });
    const del = await fetch(`${plc.url}/did:plc:aaaaaaaaaaaaaaaaaaaaaaaa`, { method: "DELETE" });
    expect(del.status).toBe(404);
  });

  it("/_health reports the version", async () => {
    const res = await getJson(`${plc.url}/_health`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ version: expect.any(String) });
  });
});

describe("CORS", () => {
  it("every response carries Access-Control-Allow-Origin, errors included", async () => {
    const id = await newIdentity();
    const responses = [
      await fetch(`${plc.url}/_health`, { headers: { origin: "http://app.test" } }),
      await fetch(`${plc.url}/${id.did}`, { headers: { origin: "http://app.test" } }),
      await fetch(`${plc.url}/export`, { headers: { origin: "http://app.test" } }),
      await postOp(plc.url, id.did, "{"),
      await postOp(plc.url, id.did, id.genesis),
      await fetch(`${plc.url}/${id.did}/log/audit`),
    ];
    for (const res of responses) {
      expect(res.headers.get("access-control-allow-origin"), res.url).toBe("*");
      await res.body?.cancel();
    }
  });

  it("answers the preflight for a JSON POST", async () => {
    const res = await fetch(`${plc.url}/did:plc:aaaaaaaaaaaaaaaaaaaaaaaa`, {
      method: "OPTIONS",
      headers: {
        origin: "http://app.test",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
    expect(res.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("content-type");
  });
});

describe("concurrency", () => {
  it("racing updates from the same prev: exactly one wins, the log does not fork", async () => {
    const id = await newIdentity("race.test");
    await expectStatus(await postOp(plc.url, id.did, id.genesis), 200);
    const ops = await Promise.all(
      Array.from({ length: 8 }, (_, i) => updateHandleOp(id.genesis, id.rotation[1], `race${i}.test`)),
    );
    const statuses = await Promise.all(
      ops.map(async (op) => {
        const res = await postOp(plc.url, id.did, op);
        await res.body?.cancel();
        return res.status;
      }),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 400)).toHaveLength(7);
    const log = (await getJson(`${plc.url}/${id.did}/log`)).body as unknown[];
    expect(log).toHaveLength(2);
    const audit = (await getJson(`${plc.url}/${id.did}/log/audit`)).body as unknown[];
    expect(audit).toHaveLength(2);
  });

  it("racing genesis posts of one DID create it once", async () => {
    const id = await newIdentity("twice.test");
    const statuses = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const res = await postOp(plc.url, id.did, id.genesis);
        await res.body?.cancel();
        return res.status;
      }),
    );
    expect(statuses.sort()).toEqual([200, 400, 400, 400, 400]);
  });
});
