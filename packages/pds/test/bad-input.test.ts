import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { beforeAll, describe, expect, inject, it } from "vitest";

const { pdsUrl } = inject("devnet");

async function xrpc(path: string, init: RequestInit = {}) {
  const res = await fetch(`${pdsUrl}/xrpc/${path}`, init);
  const text = await res.text();
  let body: { error?: string; message?: string } = {};
  try {
    body = JSON.parse(text);
  } catch {
    body = { message: text };
  }
  return { status: res.status, body };
}

describe("bad input gets a 4xx with an error name, and the server keeps serving", () => {
  let acct: TestAccount;
  let auth: Record<string, string>;
  beforeAll(async () => {
    acct = await createTestAccount(pdsUrl);
    auth = { authorization: `Bearer ${acct.agent.session?.accessJwt}`, "content-type": "application/json" };
  });

  const post = (body: string) =>
    xrpc("com.atproto.repo.createRecord", { method: "POST", headers: auth, body });

  it("malformed JSON", async () => {
    const res = await post("{not json");
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("InvalidRequest");
  });

  it("empty body on a procedure", async () => {
    const res = await post("");
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("InvalidRequest");
  });

  it("wrong types in input", async () => {
    const res = await post(JSON.stringify({ repo: acct.did, collection: 12, record: "nope" }));
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("InvalidRequest");
  });

  it("invalid NSID, rkey and repo identifiers", async () => {
    const badNsid = await post(JSON.stringify({ repo: acct.did, collection: "not an nsid", record: {} }));
    expect(badNsid.status).toBe(400);
    expect(badNsid.body.error).toBe("InvalidRequest");
    const badRkey = await post(
      JSON.stringify({
        repo: acct.did,
        collection: "app.bsky.feed.post",
        rkey: "bad/rkey",
        record: { text: "x", createdAt: new Date().toISOString() },
      }),
    );
    expect(badRkey.status).toBe(400);
    const badDid = await xrpc("com.atproto.sync.getRepo?did=did:nope");
    expect(badDid.status).toBe(400);
    expect(badDid.body.error).toBe("InvalidRequest");
    const badUri = await xrpc("com.atproto.repo.getRecord?repo=%20&collection=app.bsky.feed.post&rkey=x");
    expect(badUri.status).toBe(400);
  });

  it("invalid params: non-integer limit, out-of-range limit, missing required", async () => {
    expect(
      (await xrpc(`com.atproto.repo.listRecords?repo=${acct.did}&collection=app.bsky.feed.post&limit=abc`))
        .status,
    ).toBe(400);
    expect(
      (await xrpc(`com.atproto.repo.listRecords?repo=${acct.did}&collection=app.bsky.feed.post&limit=1000`))
        .status,
    ).toBe(400);
    const missing = await xrpc("com.atproto.repo.listRecords");
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe("InvalidRequest");
  });

  it("wrong HTTP verb and unknown methods", async () => {
    expect((await xrpc("com.atproto.repo.createRecord")).status).toBe(400);
    const unknown = await xrpc("com.example.nothing");
    // As the official PDS with no service configured for it (the shared devnet has no AppView).
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({
      error: "InvalidRequest",
      message: "No service configured for com.example.nothing",
    });
  });

  it("garbage and expired tokens", async () => {
    const garbage = await xrpc("com.atproto.server.getSession", {
      headers: { authorization: "Bearer garbage" },
    });
    expect(garbage.status).toBe(401);
    expect(garbage.body.error).toBe("InvalidToken");
    const [h, p] = String(acct.agent.session?.accessJwt).split(".");
    const payload = JSON.parse(Buffer.from(p, "base64url").toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, exp: 1 })).toString("base64url")}.AAAA`;
    const forgedRes = await xrpc("com.atproto.server.getSession", {
      headers: { authorization: `Bearer ${forged}` },
    });
    expect(forgedRes.status).toBe(401);
  });

  it("still serves after all of that", async () => {
    const res = await fetch(`${pdsUrl}/xrpc/_health`);
    expect(res.status).toBe(200);
    const me = await acct.agent.com.atproto.server.getSession();
    expect(me.data.did).toBe(acct.did);
  });

  it("answers CORS preflights", async () => {
    const res = await fetch(`${pdsUrl}/xrpc/com.atproto.repo.createRecord`, {
      method: "OPTIONS",
      headers: {
        origin: "http://example.test",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type",
      },
    });
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
  });
});
